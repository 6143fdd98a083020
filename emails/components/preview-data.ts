/**
 * Preview data for `email dev`, taken from the seed edition (#0058 of "The AI Landscape").
 * Pure data, no default export: the preview server lists only files that have one.
 */
import type { EditionContent, PersonaRef, PublicLinks, ReaderView, TldrContent } from './types.js';

/** The seed edition's body, paragraph by paragraph, with its four `##` section headings. */
const seedBody = [
  "The same week thousands of users publicly documented what they called Claude's worst performance decline in months, Amazon signed a $25 billion investment that valued Anthropic at roughly $380 billion. The timing looked like a contradiction. It wasn't.",
  'Understanding why requires separating two things that happened to coincide: a product problem that got fixed in days, and a business story that had been building for years.',
  '## What the deal actually says — and what it leaves out',
  'The agreement, announced April 20 in a joint statement, has two parts.',
  "Amazon is investing up to $25 billion in additional capital. Five billion dollars paid immediately. The rest contingent on commercial milestones the announcement doesn't specify publicly. This adds to the $8 billion Amazon had already committed, bringing its total exposure in Anthropic to more than $33 billion.",
  "Anthropic, in return, commits to spending more than $100 billion on Amazon Web Services over the next decade. That includes priority access to Amazon's Trainium chips — its in-house alternative to Nvidia's H100s — and guaranteed capacity for up to 5 gigawatts of compute for training and running Claude.",
  "The number the announcement buries but shouldn't: Anthropic's annualized revenue has grown from roughly $9 billion at the end of 2025 to more than $30 billion today, according to the company's own announcement. That's a tripling of run-rate in under four months. It's the actual reason for the deal — not the technical promise of Claude, but the demonstrated behavior of millions of professional users who kept paying even when they were complaining.",
  '## Why Amazon is betting on both sides',
  'Two months before this deal, Amazon struck an agreement to invest up to $50 billion in OpenAI.',
  "Amazon is the only major actor with committed infrastructure deals with both leading closed-model companies. That's not indecision — it's the strategy of the platform provider that learned the infrastructure lesson before everyone else.",
  "AWS is Amazon's most profitable business. Every enterprise using Claude or ChatGPT is using cloud compute, storage, and networking services. The more AI gets adopted across industries, the more AWS revenue grows — regardless of which model wins. Amazon's incentive isn't for Anthropic to beat OpenAI. Its incentive is for both to consume as much compute as possible.",
  "For the professional reading this: this isn't a signal about which model is better. It's a signal about who's going to profit most from the AI transition. And it isn't necessarily the model companies.",
  "## What changes — and what doesn't — for Claude users",
  'The deal secures something that matters more in the long run than any single model release: the infrastructure to train whatever comes next.',
  "For most of the past three years, Anthropic's biggest constraint wasn't talent or strategy — it was compute. Google has its own TPUs. Meta has its own GPU clusters. OpenAI has a decade-long commitment from Microsoft's Azure. Anthropic was the only major frontier model company without guaranteed long-term compute. That changes today.",
  "What doesn't change immediately: how Claude performs. The $25 billion goes toward infrastructure that comes online over months and years. Last week's performance issues — the publicly documented reduction in Claude's effort level, and Anthropic's acknowledgment of it — were addressed through a rapid model update, Opus 4.7. That was a product decision operating on a different timescale than infrastructure investment.",
  "The more useful frame: last week's crisis was a quality control problem. This week's deal is a capacity problem — solved in advance, before Anthropic's next major model needs the compute to train on.",
  '## The context worth holding onto',
  "There's an important caveat embedded in all the revenue numbers: Anthropic provided them. Neither the $9 billion baseline nor the $30 billion current figure has been independently verified. That's normal for a private company announcing a funding round, but it's worth noting the asymmetry — these are the figures Anthropic wanted Amazon, and everyone else, to see.",
  "What the figures do tell us, even with that caveat: they were credible enough for Amazon's investment team — which has access to real due diligence, not just press releases — to nearly triple its exposure. Whatever caveats apply to the self-reported revenue number, a sophisticated institutional investor looked at the underlying data and decided to proceed. That's the actual signal.",
  "The dependency question is the one worth watching next. Anthropic has now committed its infrastructure architecture to a single cloud provider for ten years. In 2026, when most enterprises are actively trying to reduce single-vendor cloud lock-in, Anthropic is moving in the opposite direction. Whether that's a smart trade — certainty now for flexibility later — is the question that will matter more in 2028 than it does today.",
].join('\n\n');

/** The seed edition, as the editions table would hold it. */
export const seedEdition: EditionContent = {
  number: 58,
  slug: '0058-amazon-bets-25-billion-on-anthropic',
  title: "Amazon just bet $25 billion on Anthropic — here's what actually changes",
  dek: "The biggest investment in Anthropic's history lands the day after Claude's worst public performance crisis. The market didn't read the complaints — it read the revenue.",
  section: 'The AI Landscape',
  author: 'Germán Falcioni',
  date: '2026-04-21',
  illustration: {
    src: 'https://primeraplana.example/media/editions/0058.png',
    alt: "Editorial illustration for edition #0058: Amazon's $25 billion bet on Anthropic",
    caption: 'Editorial illustration · AI-generated for edition #0058',
  },
  next: {
    title: "GPT-5.5 just shipped. The question isn't which model wins — it's when to use which",
    url: 'https://primeraplana.example/editions/0059-gpt-5-5-when-to-use-which',
  },
  readingTime: 9,
  language: 'en',
  tldr: "Amazon committed an additional $25 billion to Anthropic — plus a $100 billion AWS infrastructure deal over ten years — the same week Claude went through its worst public performance crisis. Anthropic's annualized revenue jumped from roughly $9 billion to more than $30 billion in under a year, per the company's own announcement. For everyday Claude users: this investment doesn't make Claude better tomorrow, but it secures the infrastructure it needs to keep growing. The detail that says the most: Amazon also invested in OpenAI. It didn't pick a winner — it bet on both.",
  body: seedBody,
};

/** The default personas, in display order. */
export const seedPersonas: PersonaRef[] = [
  { slug: 'everyday', label: 'Everyday reader' },
  { slug: 'executive', label: 'Executive' },
  { slug: 'engineer', label: 'Engineer' },
  { slug: 'investor', label: 'Investor' },
];

/** The TL;DR the seed shows: Claude's, for the everyday reader. */
export const seedTldr: TldrContent = {
  text: seedEdition.tldr,
  why: "Claude won't get better overnight, but the compute it needs to keep improving is now paid for.",
  source: 'claude',
};

const site = 'https://primeraplana.example';

/** The preview's public links: the web version and the subscribe page. */
export const previewLinks: PublicLinks = {
  web: `${site}/editions/${seedEdition.slug}`,
  subscribe: `${site}/?lang=en`,
};

/** A reader for the preview, with links shaped like the real signed ones. */
export const previewReader: ReaderView = {
  greeting: 'Hi Ana,',
  email: 'ana@example.com',
  webUrl: `${site}/editions/${seedEdition.slug}?as=everyday&lang=en`,
  preferencesUrl: `${site}/preferences/preview-token`,
  unsubscribeUrl: `${site}/unsubscribe/preview-token`,
  readAsUrls: seedPersonas.map((p) => `${site}/editions/${seedEdition.slug}?as=${p.slug}&lang=en&t=preview-token`),
};
