using Compliant.AI;
using Compliant.AI.Internal;
using Compliant.AI.Tools.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.AI;

/// <summary>Adds the tool-policy stage to a chat client pipeline.</summary>
public static class ToolPolicyChatClientBuilderExtensions
{
    /// <summary>Adds a <see cref="ToolPolicyChatClient"/>: per-tool permissions, argument constraints, rate limits and approval.</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="configure">An optional callback applied to a copy of the registered <see cref="ToolPolicyOptions"/>.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    /// <remarks>
    /// Call it <b>before</b> <c>UseFunctionInvocation()</c> (<c>builder.UseToolPolicy().UseFunctionInvocation()</c>), so the
    /// stage sits outside the function-invoking client and wraps the tools it will run. Resolves from the pipeline's
    /// services: <see cref="IOptions{ToolPolicyOptions}"/> (registered by <c>AddToolPolicy()</c>, bound from
    /// <c>Compliant:ToolPolicy</c>; defaults otherwise: every tool denied), <see cref="IToolApprover"/> (optional),
    /// <see cref="ICallerContextAccessor"/>, <see cref="TimeProvider"/> and <see cref="ILoggerFactory"/>. Rate-limit
    /// counters are shared by every pipeline built from the same service provider when <c>AddToolPolicy()</c> was called.
    /// </remarks>
    /// <exception cref="OptionsValidationException">The options are invalid (when the pipeline is built).</exception>
    public static ChatClientBuilder UseToolPolicy(this ChatClientBuilder builder, Action<ToolPolicyOptions>? configure = null)
    {
        Throw.IfNull(builder);
        return builder.Use((innerClient, services) =>
        {
            ToolPolicyOptions options = StageOptions.Configure(services, configure, static o => o.Clone());
            TimeProvider time = services.GetService<TimeProvider>() ?? TimeProvider.System;
            return new ToolPolicyChatClient(
                innerClient,
                options,
                services.GetService<IToolApprover>(),
                services.GetService<ICallerContextAccessor>(),
                time,
                StageOptions.Logger<ToolPolicyChatClient>(services),
                services.GetService<ToolRateLimiter>());
        });
    }
}
