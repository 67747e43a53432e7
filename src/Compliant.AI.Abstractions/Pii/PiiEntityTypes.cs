namespace Compliant.AI;

/// <summary>The entity type names Compliant.AI uses; they follow Microsoft Presidio's names so results interoperate.</summary>
public static class PiiEntityTypes
{
    /// <summary>A person's name.</summary>
    public const string Person = "PERSON";

    /// <summary>An e-mail address.</summary>
    public const string EmailAddress = "EMAIL_ADDRESS";

    /// <summary>A telephone or fax number.</summary>
    public const string PhoneNumber = "PHONE_NUMBER";

    /// <summary>A US Social Security number.</summary>
    public const string UsSsn = "US_SSN";

    /// <summary>A payment card number (Luhn-valid).</summary>
    public const string CreditCard = "CREDIT_CARD";

    /// <summary>An IBAN (mod-97-valid).</summary>
    public const string IbanCode = "IBAN_CODE";

    /// <summary>An IPv4 or IPv6 address.</summary>
    public const string IpAddress = "IP_ADDRESS";

    /// <summary>A URL.</summary>
    public const string Url = "URL";

    /// <summary>A date or time that can identify a person (birth, admission, service dates).</summary>
    public const string DateTime = "DATE_TIME";

    /// <summary>A location: street address, city, state, ZIP code.</summary>
    public const string Location = "LOCATION";

    /// <summary>A medical record number, member id or health plan number.</summary>
    public const string MedicalRecordNumber = "MEDICAL_RECORD_NUMBER";

    /// <summary>A US bank account number.</summary>
    public const string UsBankNumber = "US_BANK_NUMBER";

    /// <summary>A US passport number.</summary>
    public const string UsPassport = "US_PASSPORT";

    /// <summary>A US driver's license number.</summary>
    public const string UsDriverLicense = "US_DRIVER_LICENSE";

    /// <summary>A UK NHS number (checksum-valid).</summary>
    public const string UkNhs = "UK_NHS";

    /// <summary>A SWIFT/BIC code.</summary>
    public const string SwiftCode = "SWIFT_CODE";
}
