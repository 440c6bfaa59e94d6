// Letters of other scripts that people read as Latin ones (after lower-casing), from Unicode's
// confusables data (UTS #39), restricted to the lowercase letters that imitate a-z. Used for name
// keys: a Cyrillic "ехсеl" and a Latin "excel" name the same thing.
export const CONFUSABLES: Record<string, string> = Object.fromEntries(
  (
    // Cyrillic
    'а a|в b|е e|һ h|і i|ј j|к k|м m|о o|р p|с c|ԛ q|ѕ s|т t|у y|ԝ w|х x|ӏ l|ԁ d|ɡ g|ү y|ѵ v|ꙇ i|' +
    // Greek
    'α a|β b|ε e|η n|ι i|κ k|ν v|ο o|ρ p|τ t|υ u|χ x|γ y|ω w|ϲ c|ϳ j|' +
    // Armenian, Cherokee, Latin lookalikes and others
    'օ o|ս u|ց g|հ h|ո n|ꮪ s|ꭵ v|ꮃ w|ı i|ȷ j|ɑ a|ɩ i|ʏ y|ℓ l|ᴏ o|ᴠ v|ᴡ w|ᴢ z'
  )
    .split('|')
    .map((pair) => pair.split(' ')),
);
