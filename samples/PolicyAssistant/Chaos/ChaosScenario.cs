namespace PolicyAssistant.Chaos;

/// <summary>A fault <c>--chaos</c> injects into one ask; see docs/playbook.md for what the pipeline does with each.</summary>
public enum ChaosScenario
{
    /// <summary>The retriever returns confident passages about another subject.</summary>
    BadRetrieval,

    /// <summary>The best retrieved passage carries planted instructions to the model.</summary>
    Injection,

    /// <summary>The provider answers too slowly: every attempt outlives the attempt timeout.</summary>
    Latency,

    /// <summary>The model adds an invented fact to its answer, cited to a source that does not say it.</summary>
    Hallucination,

    /// <summary>The ask requests a JSON answer and the model returns JSON cut off in the middle.</summary>
    InvalidJson,

    /// <summary>The tenant's budget is smaller than one call's worst-case cost.</summary>
    Budget,
}
