using System.Text.RegularExpressions;

namespace Compliant.AI.Pii.Internal;

/// <summary>Address expressions: source-generated, bounded work per start position (see <see cref="PiiRegexes"/>).</summary>
internal static partial class LocationRegexes
{
    private const RegexOptions Opt = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    /// <summary>"112 Elm Street", "1668 Glyn St, Apt. 4B, Springfield, IL 62704".</summary>
    [GeneratedRegex(@"\b[0-9]{1,6}[A-Za-z]? {1,2}((N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.? )?(([A-Z][A-Za-z'\-]*|[0-9]{1,3}(st|nd|rd|th)) {1,2}){1,4}(Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Crescent|Cres|Close|Row|Plaza|Alley|Loop|Path|Pike|Walk|Ridge|Heights|Gardens|Expressway|Freeway|Turnpike|Mews|Grove|Hill|Crossing|Point|Landing)\b\.?(,? {0,2}(Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Room|Rm|#)\.? ?#?[A-Za-z0-9\-]{1,6}\b)?(,? {0,2}[A-Z][A-Za-z]+( [A-Z][A-Za-z]+){0,2},? {1,2}(AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|PR)\b( {1,2}[0-9]{5}(-[0-9]{4})?\b)?)?", Opt)]
    public static partial Regex StreetAddress();

    /// <summary>"Springfield, IL 62704", "New York, NY".</summary>
    [GeneratedRegex(@"\b[A-Z][A-Za-z]+( [A-Z][A-Za-z]+){0,2},? {1,2}(?<state>AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|PR)\b( {1,2}[0-9]{5}(-[0-9]{4})?\b)?", Opt)]
    public static partial Regex CityStateZip();

    /// <summary>European-style "Street Number" addresses: "Via Roma 131", "Rue de la Paix 12", "Laukaantie 80", "Hansinegata 120".</summary>
    [GeneratedRegex(@"\b((Rue|Via|Viale|Corso|Calle|Avenida|Rua|Piazza|Plaza|Paseo|Carrer|Camino|Strada|Ulica|Boulevard|Chemin|Allee)( [\p{L}'\-]+){1,4}|\p{Lu}\p{Ll}+(kuja|stræde|straeti|gade|gate|vägen|polku|tori|stig)|\p{Lu}\p{Ll}+(straße|strasse|str\.|weg|gasse|platz|allee|laan|straat|gracht|plein|vej|veien|vegen|gata|gatan|vägen|tie|katu|utca|ulica|cesta|ovej|vei))\.? [0-9]{1,5}[a-zA-Z]?\b", Opt)]
    public static partial Regex EuropeanStreet();

    /// <summary>Number-first Romance-language addresses: "36 rue de Pologne", "33 avenue de Provence".</summary>
    [GeneratedRegex(@"\b[0-9]{1,5},? (rue|avenue|av\.|boulevard|bd|chemin|allée|place|impasse|quai|via|calle|rua|avenida)( [\p{L}'\-]+){1,4}", Opt | RegexOptions.IgnoreCase)]
    public static partial Regex NumberFirstStreet();

    /// <summary>US military mail: "PSC 6695, Box 2353", "APO AP 20849", "USNS Ship, FPO AE 09123".</summary>
    [GeneratedRegex(@"\b(PSC|CMR|Unit) [0-9]{3,5},? Box [0-9]{3,5}\b|\b(APO|FPO|DPO) (AA|AE|AP) [0-9]{5}\b", Opt)]
    public static partial Regex MilitaryAddress();

    /// <summary>A five-digit ZIP code (ZIP+4 optional); weak without context.</summary>
    [GeneratedRegex(@"\b[0-9]{5}(-[0-9]{4})?\b", Opt)]
    public static partial Regex Zip();

    /// <summary>"Apt. 461", "Suite 201", "PO Box 1234".</summary>
    [GeneratedRegex(@"\b(Apt|Apartment|Suite|Ste|Unit)\.? ?#?[0-9]{1,5}[A-Za-z]?\b|\bP\.? ?O\.? Box [0-9]{1,6}\b", Opt | RegexOptions.IgnoreCase)]
    public static partial Regex Unit();

    /// <summary>House number, capitalized street words, building number: "6750 Koskikatu 25", "233 Erzsébet tér 19.", "772 ul. Narewska 94".</summary>
    [GeneratedRegex(@"\b[0-9]{1,6} {1,2}((\p{Lu}[\p{L}'\u2019\-]*\.?|u\.|ul\.|al\.|tér|utca|út|str\.?|rue|via|calle|rua) {1,2}){1,4}[0-9]{1,5}[A-Za-z]?\b\.?", Opt)]
    public static partial Regex HouseNumberStreet();

    /// <summary>A postal code after its label: "ZIP: 3520", "my zip code is 880", "Postcode: 394 13".</summary>
    [GeneratedRegex(@"\b(zip|zip code|zipcode|postal code|postcode|post code|PLZ|CEP)( is|:|#)? {0,2}(?<code>[0-9]{3,6}(-[0-9]{3,4})?|[0-9]{3} [0-9]{2})\b", Opt | RegexOptions.IgnoreCase)]
    public static partial Regex LabelledPostalCode();
}
