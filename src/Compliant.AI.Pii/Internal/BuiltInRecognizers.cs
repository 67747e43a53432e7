namespace Compliant.AI.Pii.Internal;

/// <summary>Creates the built-in recognizers. Scores: checksum-valid 1.0; distinctive shapes 0.6-0.95; weak shapes 0.05-0.3 that need a context word.</summary>
internal static class BuiltInRecognizers
{
    public static IReadOnlyList<PiiRecognizer> Create() =>
    [
        new PatternPiiRecognizer("EmailRecognizer", PiiEntityTypes.EmailAddress, [new("email", PiiRegexes.Email(), 0.95) { Windows = BuiltInWindows.Email }], ["email", "e-mail", "mail", "contact"]),
        new UrlRecognizer(),
        new IpAddressRecognizer(),
        new PhoneRecognizer(),
        new UsSsnRecognizer(),
        new PatternPiiRecognizer(
            "CreditCardRecognizer",
            PiiEntityTypes.CreditCard,
            [new("card_13_19_digits", PiiRegexes.CreditCard(), 0.3) { Windows = BuiltInWindows.CreditCard }],
            ["card", "credit", "debit", "visa", "mastercard", "amex", "cc", "pan", "payment"],
            static v => Checksums.IsCreditCard(v) ? PiiValidationResult.Valid : PiiValidationResult.Invalid,
            "luhn"),
        new IbanRecognizer(),
        new PatternPiiRecognizer(
            "UkNhsRecognizer",
            PiiEntityTypes.UkNhs,
            [new("nhs_10_digits", PiiRegexes.UkNhs(), 0.45) { Windows = BuiltInWindows.UkNhs }],
            ["nhs", "national health", "health service", "nhs number"],
            static v => Checksums.IsUkNhs(v) ? PiiValidationResult.Unknown : PiiValidationResult.Invalid,
            "mod11"),
        new PatternPiiRecognizer(
            "SwiftRecognizer",
            PiiEntityTypes.SwiftCode,
            [new("bic_8_11", PiiRegexes.Swift(), 0.2) { Windows = BuiltInWindows.Swift }],
            ["swift", "bic", "bank identifier", "swift code", "bic code", "wire", "beneficiary bank"],
            static v => IsIsoCountry(v.AsSpan(4, 2)) ? PiiValidationResult.Unknown : PiiValidationResult.Invalid,
            "iso3166"),
        new PatternPiiRecognizer(
            "UsPassportRecognizer",
            PiiEntityTypes.UsPassport,
            [new("passport_9", PiiRegexes.UsPassport(), 0.2) { Windows = BuiltInWindows.UsPassport }],
            ["passport", "passport number", "passport no", "travel document"]),
        new PatternPiiRecognizer(
            "UsDriverLicenseRecognizer",
            PiiEntityTypes.UsDriverLicense,
            [new("state_formats", PiiRegexes.UsDriverLicense(), 0.2) { Windows = BuiltInWindows.UsDriverLicense }],
            ["driver", "driver's", "drivers", "license", "licence", "dl", "driving", "dln", "permit"]),
        new PatternPiiRecognizer(
            "UsBankNumberRecognizer",
            PiiEntityTypes.UsBankNumber,
            [new("account_8_17", PiiRegexes.UsBankNumber(), 0.2) { Windows = BuiltInWindows.UsBankNumber }],
            ["account", "acct", "bank", "checking", "savings", "routing", "deposit", "iban", "wire"]),
        new LabelledIdentifierRecognizer(),
        new DateTimeRecognizer(),
        new PersonRecognizer(),
        new LocationRecognizer(),
    ];

    private static bool IsIsoCountry(ReadOnlySpan<char> cc) =>
        "AD AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS BT BW BY BZ CA CD CF CG CH CI CL CM CN CO CR CU CV CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI FJ FM FR GA GB GD GE GH GM GN GQ GR GT GW GY HK HN HR HT HU ID IE IL IN IQ IR IS IT JM JO JP KE KG KH KI KM KN KP KR KW KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG MH MK ML MM MN MO MR MT MU MV MW MX MY MZ NA NE NG NI NL NO NP NR NZ OM PA PE PG PH PK PL PS PT PW PY QA RO RS RU RW SA SB SC SD SE SG SI SK SL SM SN SO SR SS ST SV SY SZ TD TG TH TJ TL TM TN TO TR TT TV TW TZ UA UG US UY UZ VA VC VE VN VU WS YE ZA ZM ZW"
            .AsSpan().IndexOf(cc, StringComparison.Ordinal) is int i && i >= 0 && i % 3 == 0;
}
