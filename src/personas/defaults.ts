/** The personas a fresh install starts with; the everyday reader is the default. */
export const DEFAULT_PERSONAS = [
  {
    slug: 'everyday',
    label: 'Everyday reader',
    description:
      'A curious, non-specialist reader who uses AI tools at home or at work. Wants to know what changed, whether it affects the products they use, and what to make of the headlines — in plain words, without jargon or hype.',
    isDefault: true,
  },
  {
    slug: 'executive',
    label: 'Executive',
    description:
      'A business leader deciding budgets, vendors and strategy. Wants the bottom line first: what this means for competition, costs, risks and the decisions to take this quarter. Short, concrete, no technical detail unless it changes a decision.',
    isDefault: false,
  },
  {
    slug: 'engineer',
    label: 'Engineer',
    description:
      'A software engineer who builds with AI models and APIs. Wants the technical substance: capacity, compute, model availability, reliability, lock-in and what it changes for the systems they build and the providers they depend on.',
    isDefault: false,
  },
  {
    slug: 'investor',
    label: 'Investor',
    description:
      'An investor tracking the AI market. Wants the numbers and their reliability — valuations, revenue run-rates, deal structure, who is exposed to whom — and what the move signals about where value will accrue.',
    isDefault: false,
  },
] as const;
