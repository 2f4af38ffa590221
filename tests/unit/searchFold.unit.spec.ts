import { foldForSearch } from '../../utilities/searchFold'

describe('foldForSearch', () => {
  it.each([
    ['Émile Zola', 'emile zola'],
    ['EMILE', 'emile'],
    ['e\u0301mile', 'emile'],
    ['E\u0301MILE', 'emile'],
    ['Straße', 'strasse'],
    ['STRASSE', 'strasse'],
    ['Ørsted', 'ørsted'],
    ['ΟΔΥΣΣΕΥΣ', 'οδυσσευσ'],
    ['Ὀδυσσεύς', 'οδυσσευσ'],
    ['ÇA VA', 'ca va'],
    ['İstanbul', 'istanbul'],
    ['ﬁnance', 'finance'],
    ['Ｅｍｉｌｅ', 'emile'],
    ['مُحَمَّد', 'محمد'],
    ['محـــمد', 'محمد'],
    ['أحمد', 'احمد'],
    ['שָׁלוֹם', 'שלום'],
    ['תל־אביב', 'תל־אביב'],
    ['हिन्दी', 'हिन्दी'],
    ['東京', '東京'],
    ['', ''],
  ])('should fold %j to %j', (input, expected) => {
    expect(foldForSearch(input)).toBe(expected)
  })

  it('should give the same key for every way of writing one name', () => {
    const spellings = ['Émile', 'émile', 'EMILE', 'e\u0301mile', 'Émile'.normalize('NFD'), 'ÉMILE']
    expect(new Set(spellings.map(foldForSearch))).toEqual(new Set(['emile']))
  })

  it('should be idempotent', () => {
    const folded = foldForSearch('Ὀδυσσεύς — مُحَمَّد — Straße')
    expect(foldForSearch(folded)).toBe(folded)
  })
})
