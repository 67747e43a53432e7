namespace Compliant.AI;

/// <summary>How much message content an audit record keeps.</summary>
public enum AuditContentCapture
{
    /// <summary>Roles, lengths and keyed HMAC-SHA256 digests only. The default.</summary>
    DigestOnly,

    /// <summary>Also the raw text. Stores personal data in the ledger: only for ledgers classified and protected accordingly.</summary>
    Full = 2,
}
