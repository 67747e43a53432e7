using Microsoft.Extensions.DependencyInjection;

namespace Compliant.AI.Evaluation.Tests.Suites;

/// <summary>A temporary folder with a suite and its datasets, deleted on dispose.</summary>
internal sealed class SuiteFixture : IDisposable
{
    public SuiteFixture()
    {
        Directory.CreateDirectory(Root);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "compliant-eval-tests", Guid.NewGuid().ToString("N"));

    public string Write(string name, string content)
    {
        string path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public EvaluationSuite Suite(string json)
    {
        string path = Write("suite.json", json);
        return EvaluationSuite.Load(path);
    }

    public static Func<EvaluationDatasetSpec, CancellationToken, ValueTask<IServiceProvider>> Services(Action<IServiceCollection> configure) =>
        (_, _) =>
        {
            var services = new ServiceCollection();
            configure(services);
            return ValueTask.FromResult<IServiceProvider>(services.BuildServiceProvider());
        };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
