namespace Compliant.AI.PromptInjection.Internal;

/// <summary>Receives the bucket of each feature <see cref="InjectionFeatures"/> emits.</summary>
internal interface IFeatureVisitor
{
    void Visit(int bucket);
}
