using System.CodeDom.Compiler;
using System.Reflection;
using Compliant.AI.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Tests.Architecture;

/// <summary>
/// The one stage shape written down in docs/architecture.md ("The stage shape"): for a stage named <c>Xxx</c>, the folder
/// <c>src/Compliant.AI/Xxx/</c> holds <c>XxxChatClient</c>, <c>UseXxx</c> in <c>XxxChatClientBuilderExtensions</c>,
/// <c>AddXxx</c> in <c>XxxCompliantAIBuilderExtensions</c>, <c>XxxOptions</c> with a source-generated
/// <c>Internal/XxxOptionsValidator</c>, <c>Internal/XxxLog</c>, and <c>CompliantTelemetry.Xxx</c> holds its telemetry names.
/// The exemptions are listed here and in the doc, each with its reason; anything else that breaks the shape fails.
/// </summary>
public sealed class StageShapeTests
{
    private static readonly Assembly Pipeline = typeof(AuditingChatClient).Assembly;

    /// <summary>Every stage of the pipeline package, by its one name (the folder's).</summary>
    public static TheoryData<string> Stages() => new(
        "Auditing", "PromptVersions", "Guardrails", "Grounding", "StructuredOutput", "PiiRedaction",
        "CostControl", "Resilience", "Cascade", "ToolPolicy", "CallerBoundary");

    // The caller boundary has nothing to configure and decides nothing: no AddX, options, validator, log or telemetry,
    // and its client is internal (UseCallerBoundary() is the only way in).
    private static readonly HashSet<string> NoOptionsStages = new(StringComparer.Ordinal) { "CallerBoundary" };

    // Prompt versions' rules span a dictionary of templates and their versions, which DataAnnotations cannot express:
    // its validator is hand-written (same name, same place).
    private static readonly HashSet<string> HandWrittenValidator = new(StringComparer.Ordinal) { "PromptVersions" };

    // Prompt versions are configured once, in DI (AddPromptVersions), because the PromptCatalog watches the configuration
    // for rollbacks: UsePromptVersions takes the catalog, not a per-pipeline callback, and the catalog (not the client) logs.
    private static readonly HashSet<string> CatalogConfigured = new(StringComparer.Ordinal) { "PromptVersions" };

    // The public ToolPolicy class owns the name Compliant.AI.ToolPolicy, so that stage's internal namespace cannot be
    // Compliant.AI.ToolPolicy.Internal; its folder and type names still follow the shape.
    private static readonly Dictionary<string, string> InternalNamespace = new(StringComparer.Ordinal) { ["ToolPolicy"] = "Compliant.AI.Tools.Internal" };

    [Theory]
    [MemberData(nameof(Stages))]
    public void Stage_HasItsChatClient_InItsFolder(string stage)
    {
        Type client = Find(stage + "ChatClient", NoOptionsStages.Contains(stage) ? Internal(stage) : "Compliant.AI");
        Assert.True(typeof(DelegatingChatClient).IsAssignableFrom(client), $"{client} must be a DelegatingChatClient.");
        Assert.Equal(NoOptionsStages.Contains(stage), !client.IsPublic);
        string folder = NoOptionsStages.Contains(stage) ? Path.Combine(stage, "Internal") : stage;
        Assert.True(File.Exists(SourceFile(folder, stage + "ChatClient.cs")), $"{stage}ChatClient.cs must live in src/Compliant.AI/{folder}/.");
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Stage_HasUseX_InItsChatClientBuilderExtensions(string stage)
    {
        Type extensions = Find(stage + "ChatClientBuilderExtensions", "Microsoft.Extensions.AI");
        Assert.True(extensions.IsPublic && extensions.IsAbstract && extensions.IsSealed, $"{extensions} must be a public static class.");
        MethodInfo[] uses = [.. extensions.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.GetCustomAttribute<System.ComponentModel.EditorBrowsableAttribute>() is null)];
        MethodInfo use = Assert.Single(uses);
        Assert.Equal("Use" + stage, use.Name);
        Assert.Equal(typeof(ChatClientBuilder), use.ReturnType);
        Assert.Equal(typeof(ChatClientBuilder), use.GetParameters()[0].ParameterType);
        if (!NoOptionsStages.Contains(stage) && !CatalogConfigured.Contains(stage))
        {
            // The per-pipeline callback adjusts a copy of the registered options (StageOptions.Configure).
            Assert.Contains(use.GetParameters(), p => p.ParameterType == typeof(Action<>).MakeGenericType(Options(stage)) && p.IsOptional);
        }

        Assert.True(File.Exists(SourceFile(stage, extensions.Name + ".cs")));
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Stage_HasAddX_InItsCompliantAIBuilderExtensions(string stage)
    {
        if (NoOptionsStages.Contains(stage))
        {
            Assert.Null(Pipeline.GetType($"Microsoft.Extensions.DependencyInjection.{stage}CompliantAIBuilderExtensions"));
            return;
        }

        Type extensions = Find(stage + "CompliantAIBuilderExtensions", "Microsoft.Extensions.DependencyInjection");
        MethodInfo add = Assert.Single(extensions.GetMethods(BindingFlags.Public | BindingFlags.Static), m => m.Name == "Add" + stage);
        Assert.Equal(typeof(CompliantAIBuilder), add.ReturnType);
        Assert.Equal(typeof(CompliantAIBuilder), add.GetParameters()[0].ParameterType);
        Assert.True(File.Exists(SourceFile(stage, extensions.Name + ".cs")));
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Stage_HasOptions_WithAGeneratedValidator_AndACopy(string stage)
    {
        if (NoOptionsStages.Contains(stage))
        {
            Assert.Null(Pipeline.GetType($"Compliant.AI.{stage}Options"));
            return;
        }

        Type options = Options(stage);
        Assert.True(options.IsPublic && options.IsSealed && options.GetConstructor(Type.EmptyTypes) is not null, $"{options} must be a public sealed class with a parameterless constructor.");
        MethodInfo? clone = options.GetMethod("Clone", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes);
        Assert.True(clone is not null && clone.ReturnType == options, $"{options} needs a Clone() for the copy step of the options recipe.");

        Type validator = Find(stage + "OptionsValidator", Internal(stage));
        Assert.False(validator.IsPublic);
        Assert.True(typeof(IValidateOptions<>).MakeGenericType(options).IsAssignableFrom(validator), $"{validator} must validate {options}.");
        bool generated = validator.GetMethod("Validate", [typeof(string), options])?.GetCustomAttribute<GeneratedCodeAttribute>() is not null;
        Assert.Equal(!HandWrittenValidator.Contains(stage), generated);
        Assert.True(File.Exists(SourceFile(Path.Combine(stage, "Internal"), validator.Name + ".cs")));

        // The combined validator, where cross-field rules exist, sits beside it under the one other name.
        if (Pipeline.GetType($"{Internal(stage)}.{stage}OptionsValidation") is { } validation)
        {
            Assert.True(typeof(IValidateOptions<>).MakeGenericType(options).IsAssignableFrom(validation));
        }
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Stage_TakesOneLoggerStyle_AndHasItsLogClass(string stage)
    {
        Type client = Find(stage + "ChatClient", NoOptionsStages.Contains(stage) ? Internal(stage) : "Compliant.AI");
        foreach (ConstructorInfo constructor in client.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
        {
            foreach (ParameterInfo parameter in constructor.GetParameters())
            {
                Assert.False(
                    parameter.ParameterType == typeof(ILoggerFactory) || (parameter.ParameterType.IsGenericType && parameter.ParameterType.GetGenericTypeDefinition() == typeof(ILogger<>)),
                    $"{client.Name} takes its logger as {parameter.ParameterType.Name}; every stage takes ILogger? logger.");
            }
        }

        if (NoOptionsStages.Contains(stage))
        {
            return;
        }

        Assert.True(
            CatalogConfigured.Contains(stage) || client.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(ILogger) && p.Name == "logger" && p.IsOptional)),
            $"{client.Name} must take ILogger? logger = null.");
        Assert.Contains(client.GetConstructors(), c => CatalogConfigured.Contains(stage) || c.GetParameters().Any(p => p.ParameterType == typeof(ILogger) && p.Name == "logger" && p.IsOptional));
        Type log = Find(stage + "Log", Internal(stage));
        Assert.True(log.IsAbstract && log.IsSealed && !log.IsPublic, $"{log} must be an internal static class.");
        Assert.Contains(log.GetMethods(BindingFlags.Public | BindingFlags.Static), m => m.GetCustomAttribute<LoggerMessageAttribute>() is not null);
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Stage_HasItsTelemetryNames(string stage)
    {
        Type? names = typeof(CompliantTelemetry).GetNestedType(stage, BindingFlags.Public | BindingFlags.NonPublic);
        if (NoOptionsStages.Contains(stage))
        {
            Assert.Null(names);
            return;
        }

        Assert.NotNull(names);
        Assert.True(File.Exists(SourceFile("Internal", $"CompliantTelemetry.{stage}.cs")), $"CompliantTelemetry.{stage}.cs must hold the {stage} names.");
    }

    [Fact]
    public void EveryChatClientInThePipelinePackage_IsAListedStage()
    {
        string[] stages = ["Auditing", "PromptVersions", "Guardrails", "Grounding", "StructuredOutput", "PiiRedaction", "CostControl", "Resilience", "Cascade", "ToolPolicy", "CallerBoundary"];
        string[] clients = [.. Pipeline.GetTypes()
            .Where(t => typeof(DelegatingChatClient).IsAssignableFrom(t) && !t.IsAbstract && t.Name.EndsWith("ChatClient", StringComparison.Ordinal)
                && t.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is null)
            .Select(t => t.Name)];
        foreach (string client in clients)
        {
            Assert.True(
                stages.Contains(client[..^"ChatClient".Length], StringComparer.Ordinal) || HelperClients.Contains(client),
                $"{client} is a DelegatingChatClient that is neither a stage of the shape nor a listed helper.");
        }
    }

    // Delegating clients that are parts of a stage, not stages: resilience's failover recorder.
    private static readonly HashSet<string> HelperClients = new(StringComparer.Ordinal) { "FailoverRecordingChatClient" };

    private static Type Options(string stage) => Find(stage + "Options", "Compliant.AI");

    private static string Internal(string stage) => InternalNamespace.TryGetValue(stage, out string? ns) ? ns : $"Compliant.AI.{stage}.Internal";

    private static Type Find(string name, string ns)
    {
        Type? type = Pipeline.GetType($"{ns}.{name}");
        Assert.True(type is not null, $"{ns}.{name} is missing from the pipeline package.");
        return type;
    }

    private static string SourceFile(string folder, string file)
    {
        DirectoryInfo? dir = new(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Compliant.AI.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "src", "Compliant.AI", folder, file);
    }
}
