/** Spanish (neutral, tuteo). Typed as `Catalog`: a missing or extra key fails the type check. */
import type { Catalog } from './en.js';
import { formatDays, formatMinutes, plural } from './format.js';

const locale = 'es';

export const es: Catalog = {
  meta: { locale, name: 'Español' },

  article: {
    editionNumber: (n) => `Edición #${String(n).padStart(4, '0')}`,
    readingTime: (minutes) => `✦ Lectura: ${formatMinutes(locale, minutes)}`,
    tldrFor: (persona) => `TL;DR para el perfil ${persona}`,
    tldrForEveryone: 'TL;DR para todos los lectores',
    whyItMatters: 'Por qué te importa:',
    credit: {
      claude: '✦ Resumido con Claude al publicar',
      editor: '✦ Resumen del editor',
      fallback: '✦ Resumen del editor (no había un resumen para tu perfil)',
    },
    readItAs: 'Reescrito con IA · Léelo como…',
    translated: {
      claude: (from) => `Traducido del ${from} por Claude`,
      editor: (from) => `Traducido del ${from} por el editor`,
    },
    readOriginal: 'Leer el original',
    untranslated: (to, from) => `No había una traducción al ${to}: este es el original, en ${from}.`,
    nextArticle: 'Próximo artículo',
    share: 'Comparte esta edición',
    shareOnX: 'Compartir en X',
    shareOnLinkedIn: 'Compartir en LinkedIn',
    shareByEmail: 'Enviar por correo',
    copyLink: 'O copia el enlace:',
  },

  edition: {
    viewInBrowser: 'Ver en el navegador',
    greeting: (name) => `Hola, ${name}:`,
    replyLine: 'Basta con responder: leemos todas las respuestas.',
    reason: (publication, persona) => `Recibes este correo porque te suscribiste a ${publication} con el perfil «${persona}».`,
    forwarded: '¿Te lo reenviaron?',
    subscribe: 'Suscríbete',
  },

  footer: {
    preferences: 'Cambiar tus preferencias',
    unsubscribe: 'Cancelar la suscripción',
    sentTo: (email) => `Enviado a ${email}`,
  },

  confirm: {
    title: (publication) => `Confirma tu suscripción a ${publication}`,
    preview: (publication, days) =>
      `Un clic y ${publication} empieza a llegar. El enlace funciona durante ${formatDays(locale, days)}.`,
    thanks: 'Gracias por suscribirte. Confirma que esta dirección es tuya y la próxima edición llegará a tu bandeja de entrada.',
    button: 'Confirmar mi suscripción',
    expiry: (days) =>
      `Este enlace caduca en ${formatDays(locale, days)}. Si no pediste suscribirte, ignora este correo: ` +
      'esta dirección no quedará suscrita y no volveremos a escribirte.',
    reason: (publication) =>
      `Recibes este correo porque alguien —esperamos que tú— pidió suscribir esta dirección a ${publication}.`,
  },

  alreadySubscribed: {
    title: (publication) => `Esta dirección ya está suscrita a ${publication}`,
    preview: (publication) => `Nada cambió: esta dirección ya recibe todas las ediciones de ${publication}.`,
    body: 'Alguien —esperamos que tú— pidió volver a suscribir esta dirección. Ya recibe todas las ediciones, así que nada cambió.',
    button: 'Cambiar perfil, idioma o nombre',
    reason: (publication) =>
      `Recibes este correo porque esta dirección está suscrita a ${publication} y alguien pidió volver a suscribirla.`,
  },

  site: {
    skip: 'Saltar al contenido',
    archive: 'Archivo',
    subscribe: 'Suscribirse',
    rss: 'RSS',
    language: 'Idioma',
  },

  archive: {
    title: 'Archivo',
    description: (publication) => `Todas las ediciones de ${publication}`,
    kicker: (publication) => `${publication} · Archivo`,
    heading: 'Todas las ediciones',
    count: (n) => plural(locale, n, { one: '# edición', other: '# ediciones' }),
    empty: 'Todavía no se ha publicado ninguna edición.',
    emptyCta: 'Suscríbete para recibir la primera.',
  },

  editionPage: {
    notFoundTitle: 'Edición no encontrada',
    notFound: 'No hay ninguna edición publicada en esta dirección.',
    browseArchive: 'Ver el archivo',
    readItAsNav: 'Léelo como',
    makeDefault: (persona) => `Usar «${persona}» por defecto`,
    isDefault: (persona) => `✓ Es tu perfil por defecto: tus correos empiezan con el TL;DR de «${persona}».`,
    linkLabel: 'Enlace a esta edición',
    subscribeHeading: (publication) => `Recibe ${publication} en tu correo`,
    subscribeText: 'Un correo por edición, con un TL;DR escrito para el lector que eres. Te das de baja con un clic.',
    emailLabel: 'Tu correo electrónico',
    subscribeButton: 'Suscribirme',
  },

  reader: {
    links: {
      subscribe: 'Suscribirse',
      archive: 'Ver el archivo',
      pastEditions: 'Ver ediciones anteriores',
    },
    form: {
      email: 'Correo electrónico',
      name: 'Nombre',
      nameHint: 'opcional: cómo te saludamos',
      readItAs: 'Léelo como…',
      personaHint: 'El TL;DR al principio de cada edición se escribe para el lector que elijas.',
      language: 'Idioma',
      languageHint: 'de tu TL;DR',
    },
    problems: {
      emailRequired: 'Escribe tu dirección de correo electrónico.',
      emailTooLong: (max) => `La dirección de correo tiene más de ${plural(locale, max, { one: '# carácter', other: '# caracteres' })}.`,
      emailInvalid: 'Esa dirección de correo electrónico no es válida.',
      nameTooLong: (max) => `El nombre tiene más de ${plural(locale, max, { one: '# carácter', other: '# caracteres' })}.`,
      nameControl: 'El nombre contiene caracteres de control.',
      unknownPersona: (slug) => `Perfil: no existe el perfil «${slug}».`,
      unknownLanguage: (code) => `Idioma: no conocemos el idioma «${code}». Elige uno de la lista.`,
      other: 'Algo del formulario no se pudo usar. Revisa lo que escribiste.',
      tooLarge: (size) => `El formulario era demasiado grande (más de ${size}).`,
      notAForm: 'Eso no era un formulario. Envía el formulario de esta página.',
      unreadable: 'No pudimos leer el formulario. Envíalo de nuevo.',
    },
    home: {
      kicker: 'El boletín que lee las noticias por ti',
      heading: (publication) => `Suscríbete a ${publication}`,
      dek: 'Cada edición empieza con un TL;DR escrito para el lector que eres, y puedes cambiarlo cuando quieras.',
      button: 'Suscribirme',
      note: 'Te enviaremos un enlace para confirmar. Te das de baja con un clic, cuando quieras.',
      latest: 'Últimas ediciones',
    },
    checkInbox: {
      title: 'Revisa tu correo',
      lede: (email, days, publication) =>
        `Si ${email} puede recibir nuestro correo, te estamos enviando un enlace de confirmación. Tienes ${formatDays(locale, days)} para abrirlo y empezar a recibir ${publication}.`,
      help: '¿No llegó nada en unos minutos? Mira en la carpeta de spam o vuelve a suscribirte para recibir un enlace nuevo. Si la dirección ya está suscrita, nada cambia.',
      whileYouWait: 'Lee ediciones anteriores mientras esperas',
    },
    confirm: {
      title: 'Confirma tu suscripción',
      lede: (email, publication) => `Confirma que ${email} debe recibir ${publication}.`,
      button: 'Confirmar mi suscripción',
      notYou: '¿No lo pediste? Cierra esta página: sin el botón no pasa nada.',
      subscribed: 'Te has suscrito',
      alreadySubscribed: 'Esta dirección ya estaba suscrita',
      confirmed: 'Suscripción confirmada.',
      thanks: (publication) => `Gracias por confirmar. La próxima edición de ${publication} llegará a tu bandeja de entrada.`,
      alreadyConfirmed: 'Esta dirección ya estaba confirmada. Nada cambió.',
      alreadyActive: 'Esta dirección ya recibe todas las ediciones. Nada cambió.',
      preferences: 'Elige tu perfil, idioma y nombre',
    },
    preferences: {
      title: 'Tus preferencias',
      notSaved: (problem) => `No se guardó: ${problem}`,
      saved: 'Guardado. Tu próxima edición seguirá estas opciones.',
      for: (email) => `Para ${email}`,
      notConfirmed: '(sin confirmar todavía)',
      unsubscribed: 'Cancelaste la suscripción: guardamos estas opciones por si vuelves.',
      undeliverable: 'El correo a esta dirección rebotó o se marcó como no deseado, así que ya no le enviamos nada.',
      subscribeAgain: 'Volver a suscribirme',
      save: 'Guardar preferencias',
      unsubscribe: 'Cancelar la suscripción',
    },
    persona: {
      unknownTitle: 'Perfil desconocido',
      nothingChanged: 'No se cambió nada.',
      unknown: 'Ese perfil no existe (o ya no existe). Vuelve a elegir uno de los enlaces «Léelo como…».',
      title: (persona) => `Lo leerás como: ${persona}`,
      saved: 'Guardado.',
      lede: (persona) => `Desde la próxima edición, tu TL;DR se escribe para «${persona}».`,
      back: 'Volver a la edición',
    },
    unsubscribe: {
      title: (publication) => `¿Cancelar tu suscripción a ${publication}?`,
      lede: (email, publication) => `${email} dejará de recibir ${publication}. Puedes volver cuando quieras.`,
      button: 'Cancelar la suscripción',
      instead: 'O cambia tu perfil o tu idioma',
      done: 'Cancelaste tu suscripción',
      notSubscribed: 'No tienes una suscripción activa',
      doneBanner: 'Listo: no enviaremos más ediciones a esta dirección.',
      gone: (email, publication) => `${email} ya no recibirá ${publication}.`,
      mistake: '¿Fue un error? Te enviaremos un enlace de confirmación nuevo a esta dirección.',
      subscribeAgain: 'Volver a suscribirme',
    },
    linkProblems: {
      invalid: {
        title: 'Este enlace no es válido',
        message: 'Puede que el enlace se haya cortado o modificado. Copia el enlace completo del correo, o usa el correo más reciente que te enviamos.',
      },
      expired: {
        title: 'Este enlace caducó',
        message: (days) => `Los enlaces de confirmación funcionan durante ${formatDays(locale, days)}. Vuelve a suscribirte y te enviaremos uno nuevo.`,
      },
      revoked: {
        title: 'Este enlace ya no es válido',
        message: 'Lo reemplazó uno más reciente. Usa los enlaces del último correo que te enviamos.',
      },
      stale: {
        title: 'Este enlace es anterior a tu baja',
        message: 'Cancelaste la suscripción después de recibir este enlace, así que ya no te suscribe. Vuelve a suscribirte y te enviaremos un enlace nuevo.',
      },
      undeliverable: {
        title: 'No podemos enviar correo a esta dirección',
        message: 'El correo a esta dirección rebotó o se marcó como no deseado, así que ya no le enviamos nada. Suscríbete con otra dirección.',
      },
    },
    errors: {
      badRequest: { title: 'No pudimos leer el formulario', lede: 'No se cambió nada. Vuelve atrás y envía el formulario de nuevo.' },
      invalid: { title: 'No pudimos usar el formulario', lede: 'No se cambió nada. Vuelve atrás y revisa lo que escribiste.' },
      tooLarge: { title: 'El formulario era demasiado grande', lede: 'No se cambió nada. Vuelve atrás e inténtalo con menos texto.' },
      notAForm: { title: 'Eso no era un formulario', lede: 'No se cambió nada. Envía el formulario desde su página.' },
      rateLimited: { title: 'Espera un momento', lede: 'Recibimos varias solicitudes desde tu red en los últimos minutos.' },
      notFound: { title: 'Página no encontrada', lede: 'No hay nada en esta dirección. Puede que el enlace esté mal escrito o ya no exista.' },
      other: { title: 'Algo salió mal', lede: 'Inténtalo de nuevo en un momento.' },
      notDone: 'No se hizo nada.',
      tooMany: 'Demasiadas solicitudes.',
      retryIn: (seconds) => plural(locale, seconds, { one: 'Vuelve a intentarlo en # segundo.', other: 'Vuelve a intentarlo en # segundos.' }),
    },
  },
};
