/**
 * Editorial fields of the article that the seed text does not carry. Written by us; the story's
 * own words (title, intro, slides) always come from the seed.
 */

export const article = {
  id: 'article-alec-baldwin-hilaria',
  slug: 'alec-baldwin-hilaria-dramatic-news',
  // Fixed so that regeneration is byte-identical; the story's events end in September 2020.
  publishedAt: '2020-09-15T12:00:00Z',
  seoDescription:
    'How Alec and Hilaria Baldwin met, married and raised five children, and a look back at Alec Baldwin’s marriage to Kim Basinger.',
  heroAlt: 'Alec Baldwin and Hilaria Baldwin together at a public event',
}

/**
 * Alt text for each slide's photo, keyed by slide heading. Written without access to the
 * original photos: each names who the slide is about and the kind of picture its credit
 * indicates (event photo, film still, Instagram post), and invents no visual detail.
 */
export const slideAlt: Record<string, string> = {
  'Love By Chance': 'Alec Baldwin and Hilaria Baldwin together at a Turner event',
  'Fateful Meeting': 'Alec Baldwin and Hilaria Baldwin at an IMDb event',
  'Smooth Talker': 'Hilaria Baldwin and Alec Baldwin photographed together at a public event',
  'Mixed Signals': 'Hilaria Baldwin and Alec Baldwin photographed out together',
  'Keeping It Professional': 'Hilaria Baldwin and Alec Baldwin at an event',
  'Just Friends?': 'Hilaria Baldwin at an Electrolux event',
  'First Kiss': 'Alec Baldwin and Hilaria Baldwin side by side at an event',
  'Age Gap': 'Alec Baldwin and Hilaria Baldwin at an Elton John AIDS Foundation event',
  '“Out Of My World”': 'Hilaria Baldwin and Alec Baldwin photographed out together',
  'Moving Fast': 'Alec Baldwin and Hilaria Baldwin in a photo from Hilaria Baldwin’s Instagram',
  'Wedding Bells': 'Alec Baldwin and Hilaria Baldwin on their wedding day, from Hilaria Baldwin’s Instagram',
  'Babies On Board': 'Hilaria Baldwin and Alec Baldwin out with their young children',
  'Two More Tots': 'Hilaria Baldwin with her children in a photo from her Instagram',
  'Hilaria’s Heartbreak': 'Hilaria Baldwin in a photo from her Instagram',
  'Won’t Give Up': 'Hilaria Baldwin and Alec Baldwin at a Carmen Marc Valvo event',
  'Lucky Number Five': 'Hilaria Baldwin with her newborn son Eduardo, from her Instagram',
  'Juggling Act': 'Hilaria Baldwin and Alec Baldwin at a L’Oréal event',
  'Fantastic Father': 'Alec Baldwin with his baby son in a photo from Hilaria Baldwin’s Instagram',
  'All In the Family': 'Hilaria Baldwin at a Paramount Pictures event',
  'Escaping the Past': 'Alec Baldwin and Kim Basinger photographed together',
  'Original Pop Romance': 'Alec Baldwin and Kim Basinger in a Largo Entertainment film still',
  'No Men Needed': 'Archive photo of a young Kim Basinger',
  'Plans Set And Derailed': 'Kim Basinger and Alec Baldwin at a public event',
  'Who Needs A Heart': 'Kim Basinger and Alec Baldwin in a Warner Bros. film still',
  'Learning Love': 'Alec Baldwin and Kim Basinger in a still from The Marrying Man',
  'First Appearances': 'Kim Basinger and Alec Baldwin in a still from The Marrying Man',
  'Chemical Reaction': 'Kim Basinger and Alec Baldwin in a scene from The Marrying Man',
  'Bright Sparks': 'Kim Basinger and Alec Baldwin photographed together in the early 1990s',
  'High Hopes': 'Alec Baldwin and Kim Basinger together',
  'Forgetting Something?': 'Kim Basinger photographed in 1993',
  'A Girlfriend In Need': 'Kim Basinger and Alec Baldwin in a Warner Bros. film still',
  'Partners In Film': 'Alec Baldwin and Kim Basinger, co-stars of The Getaway, at a public event',
  'It’s A Love Story': 'Alec Baldwin and Kim Basinger as an engaged couple',
  'Worrisome Cold Feet': 'Kim Basinger in a Paramount Pictures film still',
  'Dream Wedding': 'Alec Baldwin and Kim Basinger’s wedding, in a photo shared on Instagram by Billy Baldwin',
  'Here Comes The Bride': 'Alec Baldwin and Kim Basinger on their wedding day',
  'Rising Heat': 'Alec Baldwin photographed by the press in New York',
  'Unconditional Love': 'Kim Basinger and Alec Baldwin at a public event',
  'Pop Surprise': 'Kim Basinger and Alec Baldwin at a public event',
  'A Baby Changes Everything': 'Kim Basinger in a frame from a Films Now video on YouTube',
  'Dying Flames': 'Kim Basinger in a New Line Cinema film still',
  'Back To Court': 'Ireland Baldwin as a child with her father, Alec Baldwin, in a photo from her Instagram',
  'From The Ashes': 'Kim Basinger photographed at a public event',
}
