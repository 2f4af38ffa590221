import {
  decodeUtf8,
  DocumentParseError,
  headlineKey,
  looksLikeByline,
  parseByline,
  parseDocument,
} from '../../seed/formats/parse'
import { SAMPLE, sampleParagraphs, sampleText } from '../helpers/sample'

/** The error a call throws, or undefined. */
function errorOf(call: () => unknown): unknown {
  try {
    call()
  } catch (error) {
    return error
  }
  return undefined
}

describe('parseDocument on the sample', () => {
  const parsed = parseDocument(sampleText)

  it('should read the headline with its curly apostrophe', () => {
    expect(parsed.title).toBe(SAMPLE.title)
  })

  it('should read the byline author', () => {
    expect(parsed.authors).toEqual([SAMPLE.author.name])
  })

  it('should read the stated reading time', () => {
    expect(parsed.statedReadingTime).toBe(SAMPLE.readingTime)
  })

  it('should drop the repeated headline and keep the five paragraphs exactly', () => {
    expect(parsed.paragraphs).toHaveLength(SAMPLE.paragraphCount)
    expect(parsed.paragraphs).toEqual(sampleParagraphs)
  })
})

describe('parseByline', () => {
  it.each([
    ['– byJérôme · 2 min read', ['Jérôme'], 2],
    ['— by Jane Doe · 5 min read', ['Jane Doe'], 5],
    ['- by Jane Doe', ['Jane Doe'], undefined],
    ['by Jane Doe', ['Jane Doe'], undefined],
    ['By Jane Doe', ['Jane Doe'], undefined],
    ['BY JANE DOE · 1 minute read', ['JANE DOE'], 1],
    ['byJane · 3 mins read', ['Jane'], 3],
    ['By Ana Li and Bo Chen', ['Ana Li', 'Bo Chen'], undefined],
    ['By A. Smith, B. Jones and C. Wu · 4 min read', ['A. Smith', 'B. Jones', 'C. Wu'], 4],
    ['by J. R. R. Tolkien', ['J. R. R. Tolkien'], undefined],
    ['By Ana Li and Bo Chen.', ['Ana Li', 'Bo Chen'], undefined],
    ['By Martin Luther King Jr.', ['Martin Luther King Jr.'], undefined],
    ['By Ludwig van Beethoven and Ibn Battuta', ['Ludwig van Beethoven', 'Ibn Battuta'], undefined],
    ['– by Rachida el Idrissi · 2 min read', ['Rachida el Idrissi'], 2],
    ['By Ana Li, Reuters', ['Ana Li', 'Reuters'], undefined],
  ])('should read %j', (line, authors, minutes) => {
    expect(parseByline(line)).toEqual(minutes === undefined ? { authors } : { authors, statedReadingTime: minutes })
  })

  it.each([
    'Byzantium fell in 1453.',
    'By the time we arrived, the fire was out.',
    'byline',
    'The story by Jane Doe',
    `By ${'very long name '.repeat(12)}`,
    // Regression: hard-wrapped prose and subheads starting with "By" became authors and left the body.
    'By the time the police arrived at the scene',
    'By the numbers',
    'By Ana Li in Rabat',
    'By Ana Li (ana.li@example.com)',
    'By Tuesday, officials said the plan was dead.',
    // Issue round two, item 16: prose in capitals, which the any-script rule must not take for names.
    'BY THE NUMBERS',
    'BY THE TIME WE ARRIVED',
    'By Far The Best',
    'By 2030 · 3 min read',
  ])('should not take %j for a byline', (line) => {
    expect(parseByline(line)).toBeUndefined()
  })

  // Issue round two, item 16: only Latin capitals counted as names, so bylines in scripts without case were prose.
  it.each([
    ['– byمحمد العلوي · 3 min read', ['محمد العلوي'], 3],
    ['By محمد العلوي و فاطمة الزهراء', ['محمد العلوي', 'فاطمة الزهراء'], undefined],
    ['By محمد العلوي، فاطمة الزهراء', ['محمد العلوي', 'فاطمة الزهراء'], undefined],
    ['— by דוד כהן · 2 min read', ['דוד כהן'], 2],
    ['By 王小明、李华', ['王小明', '李华'], undefined],
    ['– by Анна Петрова and Иван Смирнов', ['Анна Петрова', 'Иван Смирнов'], undefined],
    ['By Νίκος Παπαδόπουλος', ['Νίκος Παπαδόπουλος'], undefined],
    ['By अमित शर्मा · 4 min read', ['अमित शर्मा'], 4],
  ])('should read the names of %j in their own script', (line, authors, minutes) => {
    expect(parseByline(line)).toEqual(minutes === undefined ? { authors } : { authors, statedReadingTime: minutes })
  })

  it.each([
    ['– by the desk · 2 min read', true],
    ['byline', false],
    ['— by 2030', true],
    ['By the time we arrived, the fire was out.', false],
    ['By Ana Li in Rabat', false],
  ])('should tell whether %j has the shape of a byline: %s', (line, shaped) => {
    expect(looksLikeByline(line)).toBe(shaped)
  })
})

describe('headlineKey', () => {
  it('should treat straight and curly quotes alike', () => {
    expect(headlineKey('Morocco’s “plan”')).toBe(headlineKey('Morocco\'s "plan"'))
  })
})

describe('parseDocument variants', () => {
  it('should accept a BOM and CRLF line ends', () => {
    const parsed = parseDocument('\uFEFFTitle\r\n\r\nBy Ann\r\n\r\nFirst.\r\n\r\nSecond.\r\n')
    expect(parsed).toEqual({ authors: ['Ann'], paragraphs: ['First.', 'Second.'], title: 'Title' })
  })

  it('should store decomposed (NFD) text as NFC', () => {
    const parsed = parseDocument('Jérôme'.normalize('NFD') + '\n\nCafé crème.'.normalize('NFD'))
    expect(parsed.title).toBe('Jérôme'.normalize('NFC'))
    expect(parsed.paragraphs).toEqual(['Café crème.'.normalize('NFC')])
  })

  it('should parse a document without a byline', () => {
    expect(parseDocument('Title\n\nBody one.\n\nBody two.')).toEqual({
      authors: [],
      paragraphs: ['Body one.', 'Body two.'],
      title: 'Title',
    })
  })

  it('should drop a repeated headline whose quotes differ', () => {
    const parsed = parseDocument("It’s here\nBy Ann\nIt's here\n\nBody.")
    expect(parsed.paragraphs).toEqual(['Body.'])
  })

  it('should make no empty paragraphs out of runs of blank lines', () => {
    expect(parseDocument('T\n\n\n\nA\n\n\n\n\nB\n\n').paragraphs).toEqual(['A', 'B'])
  })

  it('should keep a line break inside a paragraph', () => {
    expect(parseDocument('T\n\nline one\nline two').paragraphs).toEqual(['line one\nline two'])
  })

  it('should keep text that looks like Markdown literally', () => {
    expect(parseDocument('T\n\n# not a heading\n\n* not a list *').paragraphs).toEqual([
      '# not a heading',
      '* not a list *',
    ])
  })

  // Issue round two, item 16: the byline and the repeated headline stayed in the body and became the excerpt.
  it('should read an Arabic byline and drop the repeated headline after it', () => {
    const parsed = parseDocument('خبر عاجل\n– byمحمد العلوي · 3 min read\nخبر عاجل\n\nالنص الأول.')
    expect(parsed).toEqual({
      authors: ['محمد العلوي'],
      paragraphs: ['النص الأول.'],
      statedReadingTime: 3,
      title: 'خبر عاجل',
    })
  })

  it('should warn about a byline-shaped line it leaves in the body, naming its line', () => {
    const parsed = parseDocument('Title\n\nFirst.\n\n– by the desk · 2 min read\n\nBy the time we left, it rained.')
    expect(parsed.warnings).toEqual([
      'line 5: "– by the desk · 2 min read" looks like a byline but is not read as one (each name must start with a ' +
        'capital letter or a letter of a script without case); it stays in the body',
    ])
  })

  it('should keep typographic quotes and dashes exactly', () => {
    expect(parseDocument('T\n\n“Quoted” — dash – en ‘single’ …').paragraphs).toEqual([
      '“Quoted” — dash – en ‘single’ …',
    ])
  })
})

describe('parseDocument errors', () => {
  it.each([
    ['', 'no headline', 1],
    ['\n  \n\t\n', 'no headline', 1],
    ['Only a headline\n', 'empty body', 2],
    ['Headline\n– byJérôme · 2 min read\nHeadline\n', 'empty body', 4],
  ])('should reject %j with %j at line %i', (text, message, line) => {
    const error = errorOf(() => parseDocument(text))
    expect(error).toBeInstanceOf(DocumentParseError)
    expect((error as DocumentParseError).message).toContain(message)
    expect((error as DocumentParseError).line).toBe(line)
  })
})

describe('decodeUtf8', () => {
  it('should decode valid UTF-8 with accents and drop a BOM', () => {
    expect(decodeUtf8(Buffer.from('\uFEFFJérôme', 'utf8'))).toBe('Jérôme')
  })

  it.each([
    [Buffer.concat([Buffer.from('Title\n\nBad '), Buffer.from([0xff, 0xfe]), Buffer.from(' bytes\n')]), 3],
    [Buffer.from([0xc3]), 1],
    [Buffer.concat([Buffer.from('a\nb\nc\nd'), Buffer.from([0xe2, 0x82])]), 4],
  ])('should refuse invalid bytes and name their line (%#)', (bytes, line) => {
    const error = errorOf(() => decodeUtf8(bytes))
    expect(error).toBeInstanceOf(DocumentParseError)
    expect((error as DocumentParseError).message).toContain('not valid UTF-8')
    expect((error as DocumentParseError).line).toBe(line)
  })
})
