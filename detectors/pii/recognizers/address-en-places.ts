/**
 * Countries, US states, Canadian provinces and Australian states, lower case: the words that can close an
 * address written in lower case without commas ("... suite 112 calgary alberta"), where capitals no longer
 * show where the place names end.
 */
const NAMES = (
  'afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas bahrain ' +
  'bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei bulgaria ' +
  'burundi cambodia cameroon canada chad chile china colombia comoros congo croatia cuba cyprus czechia ' +
  'denmark djibouti dominica ecuador egypt eritrea estonia eswatini ethiopia fiji finland france gabon gambia ' +
  'georgia germany ghana greece greenland grenada guatemala guinea guyana haiti honduras hungary iceland india ' +
  'indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya kiribati kosovo kuwait ' +
  'kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi ' +
  'malaysia maldives mali malta mauritania mauritius mexico micronesia moldova monaco mongolia montenegro ' +
  'morocco mozambique myanmar namibia nauru nepal netherlands nicaragua niger nigeria norway oman pakistan ' +
  'palau panama paraguay peru philippines poland portugal qatar romania russia rwanda samoa senegal serbia ' +
  'seychelles singapore slovakia slovenia somalia spain sudan suriname sweden switzerland syria taiwan ' +
  'tajikistan tanzania thailand togo tonga tunisia turkey turkmenistan tuvalu uganda ukraine uruguay usa uk ' +
  'uzbekistan vanuatu venezuela vietnam yemen zambia zimbabwe ' +
  'alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho illinois ' +
  'indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri ' +
  'montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington ' +
  'wisconsin wyoming alberta manitoba ontario quebec saskatchewan nunavut yukon queensland tasmania victoria'
).split(' ');
const MULTI = [
  'new zealand',
  'south africa',
  'united kingdom',
  'united states',
  'united arab emirates',
  'saudi arabia',
  'south korea',
  'north macedonia',
  'costa rica',
  'el salvador',
  'sri lanka',
  'sierra leone',
  'ivory coast',
  'puerto rico',
  'hong kong',
  'new york',
  'new jersey',
  'new mexico',
  'new hampshire',
  'north carolina',
  'south carolina',
  'north dakota',
  'south dakota',
  'rhode island',
  'west virginia',
  'british columbia',
  'nova scotia',
  'new brunswick',
  'prince edward island',
  'newfoundland and labrador',
  'northwest territories',
  'new south wales',
  'south australia',
  'western australia',
  'northern territory',
];
const PLACES = new Set([...NAMES, ...MULTI]);

/** Words (already lower case) that end in a country, state or province: how many of the last words name it, or 0. */
export function endsInPlace(words: readonly string[]): number {
  for (let n = Math.min(4, words.length); n >= 1; n--) {
    if (PLACES.has(words.slice(words.length - n).join(' '))) return n;
  }
  return 0;
}
