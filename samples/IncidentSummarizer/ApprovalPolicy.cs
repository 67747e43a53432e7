using System.Text.Json;
using Microsoft.Extensions.AI;

namespace IncidentSummarizer;

/// <summary>
/// Decides each proposed action: <c>--deny-all</c> denies everything; <c>--approve restart,rollback,page</c> approves
/// the listed tools and denies the rest; otherwise, on a terminal, a person answers a y/N prompt per action; with no
/// flag and no terminal, everything is denied. Nothing runs without an explicit approval.
/// </summary>
public sealed class ApprovalPolicy
{
    private readonly HashSet<string> _approved;
    private readonly bool _denyAll;
    private readonly string _denyReason;
    private readonly TextReader? _prompt;
    private readonly TextWriter? _promptOutput;

    private ApprovalPolicy(HashSet<string> approved, bool denyAll, TextReader? prompt, TextWriter? promptOutput, string denyReason = "denied by --deny-all")
    {
        _approved = approved;
        _denyAll = denyAll;
        _denyReason = denyReason;
        _prompt = prompt;
        _promptOutput = promptOutput;
    }

    /// <summary>Gets the policy that denies everything (no flag, no terminal).</summary>
    public static ApprovalPolicy DenyAll { get; } = new([], true, null, null, "no approval given");

    /// <summary>Builds the policy from the command line; <paramref name="prompt"/> is read only when no flag decides.</summary>
    /// <exception cref="IncidentConfigurationException">An unknown tool name, or <c>--approve</c> with <c>--deny-all</c>.</exception>
    public static ApprovalPolicy Create(IEnumerable<string> approve, bool denyAll, TextReader? prompt, TextWriter? promptOutput)
    {
        var approved = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in approve.SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (RemediationTools.ShortNames.TryGetValue(name, out string? tool) || RemediationTools.ShortNames.Values.Contains(name, StringComparer.Ordinal))
            {
                approved.Add(tool ?? name);
            }
            else
            {
                throw new IncidentConfigurationException($"--approve: unknown action '{name}'. Use restart, rollback or page.");
            }
        }

        if (denyAll && approved.Count > 0)
        {
            throw new IncidentConfigurationException("Give either --approve or --deny-all, not both.");
        }

        bool flagsDecide = denyAll || approved.Count > 0;
        return new ApprovalPolicy(approved, denyAll, flagsDecide ? null : prompt, promptOutput);
    }

    /// <summary>Decides one proposed call.</summary>
    public (bool Approved, string Reason) Decide(FunctionCallContent call)
    {
        if (_denyAll)
        {
            return (false, _denyReason);
        }

        if (_approved.Count > 0)
        {
            return _approved.Contains(call.Name) ? (true, "approved by --approve") : (false, "not listed in --approve");
        }

        if (_prompt is null)
        {
            return (false, "no approval given");
        }

        string arguments = JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), IncidentJson.Options);
        _promptOutput?.Write($"Approve {call.Name} {arguments}? [y/N] ");
        _promptOutput?.Flush();
        string? answer = _prompt.ReadLine()?.Trim();
        return answer is "y" or "Y" or "yes" or "YES" or "Yes" ? (true, "approved at the prompt") : (false, "denied at the prompt");
    }
}
