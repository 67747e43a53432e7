using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Compliant.AI.Internal;
using Compliant.AI.PromptVersions.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Compliant.AI;

/// <summary>The configured prompt templates, their content hashes, and which version each caller gets.</summary>
/// <remarks>
/// <para>
/// A caller gets a template's candidate version when the canary covers their bucket: the first 32 bits of
/// SHA-256(template name, rollout key) modulo 10,000, below <see cref="PromptTemplateOptions.CanaryPercent"/> × 100. The
/// same caller therefore always gets the same version, and raising the percentage only adds callers. A caller without
/// a rollout key (no tenant, no user) gets the active version.
/// </para>
/// <para>
/// Registered by <c>AddPromptVersions()</c>, the catalog follows configuration reloads: a valid new
/// configuration replaces the old one at once (this is how a rollback is done); an invalid one is rejected, logged
/// (event 1521) and the previous one stays. <see cref="Revision"/> identifies the configuration in use. Thread-safe.
/// </para>
/// </remarks>
public sealed class PromptCatalog : IDisposable
{
    private readonly ILogger _logger;
    private readonly IDisposable? _subscription;
    private volatile Snapshot _snapshot;

    /// <summary>Initializes a new instance of the <see cref="PromptCatalog"/> class from fixed options.</summary>
    /// <param name="options">The options; they are copied and validated.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public PromptCatalog(PromptVersionsOptions options)
        : this(options, (ILogger?)null)
    {
    }

    private PromptCatalog(PromptVersionsOptions options, ILogger? logger)
    {
        Throw.IfNull(options);
        _logger = logger ?? NullLogger.Instance;
        _snapshot = Compile(options);
        PromptVersionsLog.ConfigurationLoaded(_logger, _snapshot.Revision, _snapshot.Describe());
    }

    /// <summary>The catalog <c>AddPromptVersions()</c> registers: loaded through the options pipeline, reloaded when the configuration section changes.</summary>
    /// <remarks>
    /// Reloads do not go through <see cref="IOptionsMonitor{TOptions}"/>: with a validator registered, a monitor throws from
    /// the configuration's change callback on an invalid reload. Here an invalid reload is caught, logged and ignored.
    /// </remarks>
    internal PromptCatalog(Func<PromptVersionsOptions> load, Func<IChangeToken> changes, ILogger? logger)
        : this(load(), logger)
    {
        _subscription = ChangeToken.OnChange(changes, () => Reload(load));
    }

    /// <summary>Gets the revision of the configuration in use: a content hash over every template's versions, hashes and rollout.</summary>
    public string Revision => _snapshot.Revision;

    /// <summary>Gets the configured template names.</summary>
    public IReadOnlyCollection<string> Names => _snapshot.Templates.Keys;

    /// <summary>Selects the version of one template for a caller.</summary>
    /// <param name="name">The template name.</param>
    /// <param name="caller">The caller, or <see langword="null"/> for an anonymous one (active version).</param>
    /// <returns>The selection, or <see langword="null"/> when no template has that name.</returns>
    public PromptSelection? Select(string name, CallerContext? caller)
    {
        Throw.IfNull(name);
        Snapshot snapshot = _snapshot;
        return snapshot.Templates.TryGetValue(name, out CompiledTemplate? template) ? template.Select(RolloutKey(snapshot, caller)) : null;
    }

    /// <summary>Selects the version of every template for a caller.</summary>
    /// <param name="caller">The caller, or <see langword="null"/> for an anonymous one (active versions).</param>
    /// <returns>The selections, ordered by template name; empty when nothing is configured.</returns>
    public PromptSelection[] SelectAll(CallerContext? caller)
    {
        Snapshot snapshot = _snapshot;
        if (snapshot.Ordered.Length == 0)
        {
            return [];
        }

        string? key = RolloutKey(snapshot, caller);
        var selections = new PromptSelection[snapshot.Ordered.Length];
        for (int i = 0; i < selections.Length; i++)
        {
            selections[i] = snapshot.Ordered[i].Select(key);
        }

        return selections;
    }

    /// <summary>Describes the rollout of every template (<c>active=…</c>, <c>candidate=…</c>, <c>canary=…%</c>, and the hashes), for audit details.</summary>
    /// <returns>Template name to description; never template text.</returns>
    internal IReadOnlyDictionary<string, string> DescribeRollout()
    {
        Snapshot snapshot = _snapshot;
        var details = new Dictionary<string, string>(StringComparer.Ordinal) { ["revision"] = snapshot.Revision };
        foreach (CompiledTemplate template in snapshot.Ordered)
        {
            details["template." + template.Name] = template.Describe();
        }

        return details;
    }

    /// <inheritdoc />
    public void Dispose() => _subscription?.Dispose();

    /// <summary>Computes the content hash the catalog records for a template text.</summary>
    /// <param name="text">The template text.</param>
    /// <returns><c>sha256:</c> and 64 lowercase hexadecimal digits of the SHA-256 of the text's UTF-8 bytes.</returns>
    public static string ComputeHash(string text)
    {
        Throw.IfNull(text);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private void Reload(Func<PromptVersionsOptions> load)
    {
        try
        {
            Snapshot next = Compile(load());
            if (next.Revision != _snapshot.Revision)
            {
                _snapshot = next;
                PromptVersionsLog.ConfigurationLoaded(_logger, next.Revision, next.Describe());
            }
        }
        catch (OptionsValidationException ex)
        {
            PromptVersionsLog.ReloadRejected(_logger, _snapshot.Revision, string.Join(" ", ex.Failures));
        }
    }

    private static string? RolloutKey(Snapshot snapshot, CallerContext? caller)
    {
        if (caller is null)
        {
            return null;
        }

        string? first = snapshot.RolloutBy == PromptRolloutKey.User ? caller.UserId : caller.TenantId;
        string? second = snapshot.RolloutBy == PromptRolloutKey.User ? caller.TenantId : caller.UserId;
        return !string.IsNullOrEmpty(first) ? first : !string.IsNullOrEmpty(second) ? second : null;
    }

    private static Snapshot Compile(PromptVersionsOptions options)
    {
        PromptVersionsOptions copy = options.Clone();
        PromptVersionsOptionsValidator.ThrowIfInvalid(copy);
        var templates = new SortedDictionary<string, CompiledTemplate>(StringComparer.Ordinal);
        foreach ((string name, PromptTemplateOptions template) in copy.Templates)
        {
            string active = PromptVersionsOptionsValidator.ActiveOf(template)!;
            PromptSelection activeSelection = new(name, active, ComputeHash(template.Versions[active]), template.Versions[active], isCandidate: false);
            PromptSelection? candidate = string.IsNullOrEmpty(template.Candidate)
                ? null
                : new(name, template.Candidate, ComputeHash(template.Versions[template.Candidate]), template.Versions[template.Candidate], isCandidate: true);
            var hashes = template.Versions.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => v.Key + "=" + ComputeHash(v.Value));
            templates[name] = new CompiledTemplate(name, activeSelection, candidate, candidate is null ? 0 : template.CanaryPercent, string.Join(",", hashes));
        }

        CompiledTemplate[] ordered = [.. templates.Values];
        string fingerprint = copy.RolloutBy + "\n" + string.Join("\n", ordered.Select(t => t.Name + "\n" + t.Describe() + "\n" + t.VersionHashes));
        return new Snapshot(new Dictionary<string, CompiledTemplate>(templates, StringComparer.Ordinal), ordered, copy.RolloutBy, ComputeHash(fingerprint));
    }

    private sealed record Snapshot(Dictionary<string, CompiledTemplate> Templates, CompiledTemplate[] Ordered, PromptRolloutKey RolloutBy, string Revision)
    {
        public string Describe() => Ordered.Length == 0 ? "no templates" : string.Join("; ", Ordered.Select(t => t.Name + ": " + t.Describe()));
    }

    private sealed record CompiledTemplate(string Name, PromptSelection Active, PromptSelection? Candidate, double CanaryPercent, string VersionHashes)
    {
        public PromptSelection Select(string? rolloutKey)
        {
            if (Candidate is null || CanaryPercent <= 0 || rolloutKey is null)
            {
                return Active;
            }

            if (CanaryPercent >= 100)
            {
                return Candidate;
            }

            return Bucket(Name, rolloutKey) < CanaryPercent * 100 ? Candidate : Active;
        }

        public string Describe() => Candidate is null
            ? $"active={Active.Version} ({Active.Hash})"
            : string.Create(CultureInfo.InvariantCulture, $"active={Active.Version} ({Active.Hash}) candidate={Candidate.Version} ({Candidate.Hash}) canary={CanaryPercent}%");

        private static uint Bucket(string name, string key)
        {
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(Encoding.UTF8.GetBytes(name + "\n" + key), hash);
            return BinaryPrimitives.ReadUInt32BigEndian(hash) % 10_000;
        }
    }
}
