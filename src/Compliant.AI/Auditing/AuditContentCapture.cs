namespace Compliant.AI;

/// <summary>How much message content an audit record keeps.</summary>
public enum AuditContentCapture
{
    /// <summary>Roles, lengths and keyed HMAC-SHA256 digests only. The default.</summary>
    DigestOnly,

    /// <summary>Also the text as the model saw it after redaction, when a redaction stage reports it; never raw text.</summary>
    Redacted,

    /// <summary>Also the raw text. Stores personal data in the ledger: only for ledgers classified and protected accordingly.</summary>
    Full,
}
