using Microsoft.Extensions.Options;

namespace Compliant.AI.Auditing.Internal;

/// <summary>Source-generated DataAnnotations validator for <see cref="AuditLedgerOptions"/> (reflection-free).</summary>
[OptionsValidator]
internal sealed partial class AuditLedgerOptionsValidator : IValidateOptions<AuditLedgerOptions>;
