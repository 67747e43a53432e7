namespace Compliant.AI;

/// <summary>How a detected entity is replaced in the text.</summary>
public enum PiiOperatorKind
{
    /// <summary>A typed placeholder such as <c>&lt;PERSON_1&gt;</c>; the same value gets the same placeholder within a scope. Reversible through the pseudonym vault.</summary>
    Placeholder,

    /// <summary>Masks letters and digits, keeping the last <see cref="PiiAnonymizerOptions.MaskKeepLast"/> of them, for example <c>***-**-6789</c>. One-way.</summary>
    Mask,

    /// <summary>A keyed hash (HMAC-SHA256, truncated) such as <c>&lt;PERSON#3f9a1c2b7d4e5f60&gt;</c>: equal values give equal hashes under the same key, so records stay linkable. One-way.</summary>
    Hash,

    /// <summary>Removes the value. One-way.</summary>
    Remove,

    /// <summary>Encrypts the value with AES-GCM into a printable token such as <c>&lt;PERSON:enc:...&gt;</c>; reversible with the key (<see cref="PiiAnonymizer.Decrypt(string)"/>).</summary>
    Encrypt,

    /// <summary>Keeps the value as it is (counted, not changed).</summary>
    Keep,
}
