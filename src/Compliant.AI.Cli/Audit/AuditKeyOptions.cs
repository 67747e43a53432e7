using System.CommandLine;

namespace Compliant.AI.Cli.Audit;

/// <summary>The <c>--key-env</c> and <c>--key-id</c> options shared by <c>verify</c> and <c>repair</c>, and how they become keys.</summary>
internal sealed class AuditKeyOptions
{
    public const string DefaultKeyId = "default";

    public Option<string[]> KeyEnv { get; } = new("--key-env")
    {
        Description = $"Environment variable holding a base64 audit key; repeat for rotated keys (default: {AuditKey.DefaultEnvironmentVariable}).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string[]> KeyId { get; } = new("--key-id")
    {
        Description = $"Key id of the key in the --key-env at the same position (default: {DefaultKeyId}).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(KeyEnv);
        command.Options.Add(KeyId);
    }

    /// <summary>Reads the keys; on bad input returns <see langword="null"/> and a one-line reason that never contains a key.</summary>
    public List<AuditKey>? Resolve(ParseResult parse, out string error)
    {
        string[] variables = parse.GetValue(KeyEnv) is { Length: > 0 } envs ? envs : [AuditKey.DefaultEnvironmentVariable];
        string[] ids = parse.GetValue(KeyId) ?? [];
        if (ids.Length == 0)
        {
            ids = variables.Length == 1 ? [DefaultKeyId] : [];
        }

        if (ids.Length != variables.Length)
        {
            error = "give one --key-id for each --key-env (they pair up by position)";
            return null;
        }

        var keys = new List<AuditKey>(variables.Length);
        for (int i = 0; i < variables.Length; i++)
        {
            try
            {
                keys.Add(AuditKey.FromEnvironment(ids[i], variables[i]));
            }
            catch (InvalidOperationException)
            {
                error = $"the environment variable '{variables[i]}' is not set; it must hold the audit key in base64";
                return null;
            }
            catch (FormatException)
            {
                error = $"the environment variable '{variables[i]}' does not hold valid base64";
                return null;
            }
            catch (ArgumentException ex)
            {
                error = ex.ParamName == "keyId"
                    ? $"the key id '{ids[i]}' is invalid: use 1-64 letters, digits, '-', '_' or '.'"
                    : $"the key in '{variables[i]}' is shorter than {AuditKey.MinimumKeyBytes} bytes";
                return null;
            }
        }

        if (keys.Select(k => k.KeyId).Distinct(StringComparer.Ordinal).Count() != keys.Count)
        {
            error = "each --key-id must be different";
            return null;
        }

        error = string.Empty;
        return keys;
    }
}
