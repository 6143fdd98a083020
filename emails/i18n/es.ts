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
};
