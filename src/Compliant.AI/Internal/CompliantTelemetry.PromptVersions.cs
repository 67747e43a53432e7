using System.Diagnostics.Metrics;

namespace Compliant.AI.Internal;

internal static partial class CompliantTelemetry
{
    /// <summary>Names, tags and instruments of the prompt-versions stage.</summary>
    public static class PromptVersions
    {
        public const string StageName = "prompts";
        public const string SpanName = "compliant_ai.prompts";

        public const string Versions = "compliant_ai.prompt.versions";
        public const string Hashes = "compliant_ai.prompt.hashes";
        public const string Candidate = "compliant_ai.prompt.candidate";
        public const string Revision = "compliant_ai.prompt.revision";
        public const string Template = "compliant_ai.prompt.template";
        public const string Version = "compliant_ai.prompt.version";

        public const string ConfigurationChanged = "configuration_changed";

        public const string SelectionsName = "compliant_ai.prompts.selections";

        public static readonly Counter<long> Selections = Meter.CreateCounter<long>(
            SelectionsName, "{selection}", "Prompt template versions served, by template, version and whether it was the canary candidate.");
    }
}
