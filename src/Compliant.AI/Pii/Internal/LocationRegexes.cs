using System.Text.RegularExpressions;

namespace Compliant.AI.Pii.Internal;

/// <summary>Address expressions (non-backtracking).</summary>
internal static partial class LocationRegexes
{
    private const RegexOptions Opt = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    /// <summary>"112 Elm Street", "1668 Glyn St, Apt. 4B, Springfield, IL 62704".</summary>
    [GeneratedRegex(@"\b[0-9]{1,6}[A-Za-z]? {1,2}((N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.? )?(([A-Z][A-Za-z'\-]*|[0-9]{1,3}(st|nd|rd|th)) {1,2}){1,4}(Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Crescent|Cres|Close|Row|Plaza|Alley|Loop|Path|Pike|Walk|Ridge|Heights|Gardens|Expressway|Freeway|Turnpike|Mews|Grove|Hill|Crossing|Point|Landing)\b\.?(,? {0,2}(Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Room|Rm|#)\.? ?#?[A-Za-z0-9\-]{1,6}\b)?(,? {0,2}[A-Z][A-Za-z]+( [A-Z][A-Za-z]+){0,2},? {1,2}(AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|PR)\b( {1,2}[0-9]{5}(-[0-9]{4})?\b)?)?", Opt)]
    public static partial Regex StreetAddress();

    /// <summary>"Springfield, IL 62704", "New York, NY".</summary>
    [GeneratedRegex(@"\b[A-Z][A-Za-z]+( [A-Z][A-Za-z]+){0,2},? {1,2}(?<state>AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|PR)\b( {1,2}[0-9]{5}(-[0-9]{4})?\b)?", Opt)]
    public static partial Regex CityStateZip();

    /// <summary>A five-digit ZIP code (ZIP+4 optional); weak without context.</summary>
    [GeneratedRegex(@"\b[0-9]{5}(-[0-9]{4})?\b", Opt)]
    public static partial Regex Zip();

    /// <summary>"Apt. 461", "Suite 201", "PO Box 1234".</summary>
    [GeneratedRegex(@"\b(Apt|Apartment|Suite|Ste|Unit)\.? ?#?[0-9]{1,5}[A-Za-z]?\b|\bP\.? ?O\.? Box [0-9]{1,6}\b", Opt | RegexOptions.IgnoreCase)]
    public static partial Regex Unit();
}
