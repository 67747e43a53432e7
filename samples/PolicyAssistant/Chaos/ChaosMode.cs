using System.Text.Json;
using Compliant.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace PolicyAssistant.Chaos;

/// <summary>
/// What <c>--chaos SCENARIO</c> changes in the assistant: one fault injector wrapped around a real part (the retriever
/// or the model), and the stage that is meant to handle that fault, configured as docs/playbook.md shows. Nothing else
/// changes: the same BM25 index, extractive model, grounding, redaction and audit ledger answer the question.
/// </summary>
public sealed class ChaosMode
{
    /// <summary>The names <c>--chaos</c> accepts, in the order of docs/playbook.md.</summary>
    public static readonly IReadOnlyList<string> Names = ["bad-retrieval", "injection", "latency", "hallucination", "invalid-json", "budget"];

    /// <summary>The JSON schema the <see cref="ChaosScenario.InvalidJson"/> ask requests: <c>{"answer": string}</c>.</summary>
    public const string AnswerSchema = """{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"],"additionalProperties":false}""";

    public ChaosMode(ChaosScenario scenario, TimeProvider? timeProvider = null)
    {
        Scenario = scenario;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    public ChaosScenario Scenario { get; }

    /// <summary>Gets the clock of the pipeline and of the slow provider (tests pass a FakeTimeProvider).</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets or sets how long the slow provider takes per call. The default is 30 seconds.</summary>
    public TimeSpan ProviderDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many calls the slow provider delays; later ones answer at once. The default is all of them.</summary>
    public int SlowCalls { get; init; } = int.MaxValue;

    /// <summary>Gets or sets how many calls the slow provider fails at once with HTTP 503 before it starts answering (slowly). The default is none.</summary>
    public int FailingCalls { get; init; }

    /// <summary>Gets or sets how the hallucinating model adds its invented fact.</summary>
    public HallucinationKind Hallucination { get; init; } = HallucinationKind.CitedToRealSource;

    /// <summary>Gets or sets how many structured-output calls return broken JSON; later ones return valid JSON. The default is all of them.</summary>
    public int InvalidJsonCalls { get; init; } = int.MaxValue;

    /// <summary>The resilience settings of the <c>latency</c> scenario: 2 s per attempt, 2 retries, 10 s in total.</summary>
    public static void ConfigureResilience(ResilienceOptions options)
    {
        options.AttemptTimeout = TimeSpan.FromSeconds(2);
        options.TotalTimeout = TimeSpan.FromSeconds(10);
        options.MaxRetryAttempts = 2;
        options.BaseDelay = TimeSpan.FromMilliseconds(100);
        options.UseJitter = false;
    }

    /// <summary>The budget of the <c>budget</c> scenario: the extractive model priced like a large hosted model, and a daily budget of 0.001 USD for the sample's tenant.</summary>
    public static void ConfigureBudget(CostControlOptions options)
    {
        options.Prices[ExtractiveChatClient.ModelId] = new ModelPrice { InputPerMillionTokens = 2.50m, OutputPerMillionTokens = 10.00m };
        options.Budgets["policy-assistant"] = new BudgetLimit { Daily = 0.001m };
    }

    /// <summary>Parses a <c>--chaos</c> value.</summary>
    /// <exception cref="AssistantConfigurationException">The name is not a scenario.</exception>
    public static ChaosScenario Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "bad-retrieval" => ChaosScenario.BadRetrieval,
        "injection" => ChaosScenario.Injection,
        "latency" => ChaosScenario.Latency,
        "hallucination" => ChaosScenario.Hallucination,
        "invalid-json" => ChaosScenario.InvalidJson,
        "budget" => ChaosScenario.Budget,
        _ => throw new AssistantConfigurationException($"Unknown --chaos scenario '{name}'. Use {string.Join(", ", Names)}."),
    };

    /// <summary>Wraps the model: the fault sits beneath every Compliant.AI stage, where a provider sits.</summary>
    public IChatClient WrapModel(IChatClient model) => Scenario switch
    {
        ChaosScenario.Latency => new SlowChatClient(model, TimeProvider, ProviderDelay, SlowCalls, FailingCalls),
        ChaosScenario.Hallucination => new HallucinatingChatClient(model, Hallucination),
        ChaosScenario.InvalidJson => new InvalidJsonChatClient(model, InvalidJsonCalls),
        _ => model,
    };

    /// <summary>Wraps the retriever grounding uses (inside the guardrails' screen, when there is one).</summary>
    public IRetriever WrapRetriever(IRetriever retriever) => Scenario switch
    {
        ChaosScenario.BadRetrieval => new IrrelevantPassagesRetriever(retriever),
        ChaosScenario.Injection => new InjectingRetriever(retriever),
        _ => retriever,
    };

    /// <summary>
    /// Adds the stage meant to handle the fault, which the sample's default pipeline does not have: prompt-injection
    /// guardrails, resilience or cost control. Call after the retriever is registered (guardrails decorate it).
    /// </summary>
    public void AddHandlingStage(CompliantAIBuilder compliant)
    {
        compliant.Services.AddSingleton(TimeProvider);
        switch (Scenario)
        {
            case ChaosScenario.Injection:
                compliant.AddPromptInjectionDetection().AddGuardrails();
                break;
            case ChaosScenario.Latency:
                compliant.AddResilience(ConfigureResilience);
                break;
            case ChaosScenario.Budget:
                compliant.AddCostControl(ConfigureBudget);
                break;
        }
    }

    /// <summary>Shapes the request: the <c>invalid-json</c> ask requests a JSON answer with <see cref="AnswerSchema"/>.</summary>
    public void ConfigureRequest(ChatOptions options)
    {
        if (Scenario == ChaosScenario.InvalidJson)
        {
            options.ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(AnswerSchema).RootElement, "policy_answer", "A policy answer with its citations.");
        }
    }
}
