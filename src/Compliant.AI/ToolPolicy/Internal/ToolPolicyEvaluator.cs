using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Tools.Internal;

/// <summary>The result of checking one tool call against its policy.</summary>
/// <param name="Allowed">Whether the call may go on (to approval, when <paramref name="ApprovalReason"/> is set).</param>
/// <param name="Reason">The reason code of the decision.</param>
/// <param name="ApprovalReason">Why the call needs approval, or <see langword="null"/> when it does not.</param>
internal readonly record struct ToolCheck(bool Allowed, string Reason, string? ApprovalReason = null);

/// <summary>Checks tool calls against the compiled policies: caller, arguments, approval conditions and rate limits.</summary>
/// <remarks>Thread-safe. Never puts an argument value in a result.</remarks>
internal sealed class ToolPolicyEvaluator
{
    private readonly Dictionary<string, CompiledPolicy> _policies;
    private readonly ToolRateLimiter _limiter;

    public ToolPolicyEvaluator(ToolPolicyOptions options, ToolRateLimiter limiter)
    {
        Options = options;
        _limiter = limiter;
        _policies = new Dictionary<string, CompiledPolicy>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, ToolPolicy> tool in options.Tools)
        {
            _policies[tool.Key] = new CompiledPolicy(tool.Value);
        }
    }

    public ToolPolicyOptions Options { get; }

    public bool IsListed(string toolName) => _policies.ContainsKey(toolName);

    public bool MayNeedApproval(string toolName) => _policies.TryGetValue(toolName, out CompiledPolicy? p) && p.Policy.MayNeedApproval;

    /// <summary>Checks who calls and with which arguments; takes no rate-limit permit.</summary>
    public ToolCheck Check(string toolName, IEnumerable<KeyValuePair<string, object?>>? arguments, CallerContext caller, CancellationToken cancellationToken = default)
    {
        if (!_policies.TryGetValue(toolName, out CompiledPolicy? compiled))
        {
            return Options.UnlistedTools == UnlistedToolAction.Allow
                ? new ToolCheck(true, ToolPolicyReasons.Unchecked)
                : new ToolCheck(false, ToolPolicyReasons.NotListed);
        }

        ToolPolicy policy = compiled.Policy;
        if (policy.Roles.Count > 0 && !policy.Roles.Any(r => caller.Roles.Contains(r, StringComparer.Ordinal)))
        {
            return new ToolCheck(false, ToolPolicyReasons.Role);
        }

        if (policy.Groups.Count > 0 && !policy.Groups.Any(g => caller.Groups.Contains(g, StringComparer.Ordinal)))
        {
            return new ToolCheck(false, ToolPolicyReasons.Group);
        }

        if (policy.Tenants.Count > 0 && (caller.TenantId is null || !policy.Tenants.Contains(caller.TenantId, StringComparer.Ordinal)))
        {
            return new ToolCheck(false, ToolPolicyReasons.Tenant);
        }

        if (policy.Purposes.Count > 0 && (caller.PurposeOfUse is null || !policy.Purposes.Contains(caller.PurposeOfUse, StringComparer.Ordinal)))
        {
            return new ToolCheck(false, ToolPolicyReasons.Purpose);
        }

        Dictionary<string, object?> args = arguments is null ? [] : arguments.ToDictionary(StringComparer.Ordinal);
        foreach (KeyValuePair<string, HashSet<string>> allowed in compiled.AllowedValues)
        {
            if (args.TryGetValue(allowed.Key, out object? value) && (Text(value) is not { } text || !allowed.Value.Contains(text)))
            {
                return new ToolCheck(false, ToolPolicyReasons.ArgumentNotAllowed);
            }
        }

        if (compiled.Schema is { } schema && !schema.Validate(ToJson(args), cancellationToken).IsValid)
        {
            return new ToolCheck(false, ToolPolicyReasons.ArgumentSchema);
        }

        string? approval = policy.RequireApproval ? ToolPolicyReasons.RequiresApproval
            : policy.ApprovalWhen.Any(c => Matches(c, args)) ? ToolPolicyReasons.ApprovalThreshold
            : null;
        return new ToolCheck(true, ToolPolicyReasons.PolicyPassed, approval);
    }

    /// <summary>Takes one permit of the tool's rate limits; returns the refusal reason, or <see langword="null"/>.</summary>
    public string? TryAcquire(string toolName, CallerContext caller) =>
        _policies.TryGetValue(toolName, out CompiledPolicy? compiled) && compiled.Policy.RateLimit is { } limit && (limit.PerCaller > 0 || limit.PerTenant > 0)
            ? _limiter.TryAcquire(toolName, limit, caller)
            : null;

    internal static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        JsonElement e => e.GetRawText(),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(object))),
    };

    private static bool Matches(ToolApprovalCondition condition, Dictionary<string, object?> args)
    {
        if (!args.TryGetValue(condition.Argument, out object? value) || value is null)
        {
            return false;
        }

        if (condition.EqualTo is not null && !string.Equals(Text(value), condition.EqualTo, StringComparison.Ordinal))
        {
            return false;
        }

        if (condition.GreaterThan is null && condition.LessThan is null)
        {
            return true;
        }

        if (Number(value) is not { } number)
        {
            return false;
        }

        return (condition.GreaterThan is not { } gt || number > gt) && (condition.LessThan is not { } lt || number < lt);
    }

    private static double? Number(object value) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetDouble(out double d) => d,
        JsonElement { ValueKind: JsonValueKind.String } e => Parse(e.GetString()),
        string s => Parse(s),
        bool => null,
        IConvertible c when c.GetTypeCode() is >= TypeCode.SByte and <= TypeCode.Decimal => c.ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };

    private static double? Parse(string? s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? d : null;

    private static ReadOnlyMemory<byte> ToJson(Dictionary<string, object?> args)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (KeyValuePair<string, object?> arg in args)
            {
                writer.WritePropertyName(arg.Key);
                switch (arg.Value)
                {
                    case null:
                        writer.WriteNullValue();
                        break;
                    case JsonElement element:
                        element.WriteTo(writer);
                        break;
                    default:
                        JsonSerializer.Serialize(writer, arg.Value, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(object)));
                        break;
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private sealed class CompiledPolicy
    {
        public CompiledPolicy(ToolPolicy policy)
        {
            Policy = policy;
            Schema = string.IsNullOrWhiteSpace(policy.ArgumentSchema) ? null : JsonSchemaValidator.Compile(policy.ArgumentSchema);
            AllowedValues = policy.AllowedValues.ToDictionary(a => a.Key, a => new HashSet<string>(a.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        }

        public ToolPolicy Policy { get; }

        public JsonSchemaValidator? Schema { get; }

        public Dictionary<string, HashSet<string>> AllowedValues { get; }
    }
}
