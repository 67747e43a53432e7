using Compliant.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using TicketTriage.Classifier;

namespace TicketTriage.Chaos;

/// <summary>A fault <c>classify --chaos</c> injects into every ticket; see docs/playbook.md for what the pipeline does with each.</summary>
public enum TriageChaosScenario
{
    /// <summary>The model's answer is JSON cut off before its closing brace.</summary>
    InvalidJson,

    /// <summary>The provider answers too slowly: every attempt outlives the attempt timeout.</summary>
    Latency,

    /// <summary>The tenant's budget is smaller than one call's worst-case cost.</summary>
    Budget,
}

/// <summary>
/// What <c>classify --chaos SCENARIO</c> changes: one fault injector beneath the pipeline, where the provider sits, and
/// the stage meant to handle it (resilience, cost control) when the sample's pipeline does not have it. Everything else
/// (redaction, structured output against the approved categories, the triage verdict, the ledger) is the sample's own.
/// </summary>
public sealed class TriageChaos
{
    /// <summary>The names <c>--chaos</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Names = ["invalid-json", "latency", "budget"];

    public TriageChaos(TriageChaosScenario scenario, TimeProvider? timeProvider = null)
    {
        Scenario = scenario;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    public TriageChaosScenario Scenario { get; }

    /// <summary>Gets the clock of the resilience stage and of the slow provider (tests pass a FakeTimeProvider).</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets or sets how many answers per ticket are cut off; later attempts (re-asks) are valid. The default is 1: the first re-ask repairs it.</summary>
    public int InvalidAnswersPerTicket { get; init; } = 1;

    /// <summary>Gets or sets how long the slow provider takes per call. The default is 30 seconds.</summary>
    public TimeSpan ProviderDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Parses a <c>--chaos</c> value.</summary>
    /// <exception cref="TriageConfigurationException">The name is not a scenario.</exception>
    public static TriageChaosScenario Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "invalid-json" => TriageChaosScenario.InvalidJson,
        "latency" => TriageChaosScenario.Latency,
        "budget" => TriageChaosScenario.Budget,
        _ => throw new TriageConfigurationException($"Unknown --chaos scenario '{name}'. Use {string.Join(", ", Names)}."),
    };

    /// <summary>The resilience settings of the <c>latency</c> scenario: 2 s per attempt, 2 retries, 10 s in total.</summary>
    public static void ConfigureResilience(ResilienceOptions options)
    {
        options.AttemptTimeout = TimeSpan.FromSeconds(2);
        options.TotalTimeout = TimeSpan.FromSeconds(10);
        options.MaxRetryAttempts = 2;
        options.BaseDelay = TimeSpan.FromMilliseconds(100);
        options.UseJitter = false;
    }

    /// <summary>The budget of the <c>budget</c> scenario: the local model priced like a large hosted model, and a daily budget of 0.001 USD for <paramref name="tenant"/>.</summary>
    public static void ConfigureBudget(CostControlOptions options, string tenant)
    {
        var price = new ModelPrice { InputPerMillionTokens = 2.50m, OutputPerMillionTokens = 10.00m };
        options.Prices[LocalTriageChatClient.ModelId] = price;
        options.Prices[LocalTriageChatClient.LexicalModelId] = price;
        options.Budgets[tenant] = new BudgetLimit { Daily = 0.001m };
    }

    /// <summary>Wraps the model: the fault sits beneath every Compliant.AI stage.</summary>
    public IChatClient WrapModel(IChatClient model) => Scenario switch
    {
        TriageChaosScenario.InvalidJson => new CutOffJsonChatClient(model, InvalidAnswersPerTicket),
        TriageChaosScenario.Latency => new SlowChatClient(model, TimeProvider, ProviderDelay),
        _ => model,
    };

    /// <summary>Registers the clock and the options of the stage that handles the fault.</summary>
    public void AddHandlingStage(CompliantAIBuilder compliant, string tenant)
    {
        compliant.Services.AddSingleton(TimeProvider);
        switch (Scenario)
        {
            case TriageChaosScenario.Latency:
                compliant.AddResilience(ConfigureResilience);
                break;
            case TriageChaosScenario.Budget:
                compliant.AddCostControl(o => ConfigureBudget(o, tenant));
                break;
        }
    }

    /// <summary>Adds that stage to the pipeline, where <c>UseCompliance()</c> puts it: after redaction, before the caller boundary.</summary>
    public void UseHandlingStage(ChatClientBuilder pipeline)
    {
        switch (Scenario)
        {
            case TriageChaosScenario.Latency:
                pipeline.UseResilience();
                break;
            case TriageChaosScenario.Budget:
                pipeline.UseCostControl();
                break;
        }
    }
}
