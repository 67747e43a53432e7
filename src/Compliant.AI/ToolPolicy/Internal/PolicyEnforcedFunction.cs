using Microsoft.Extensions.AI;

namespace Compliant.AI.Tools.Internal;

/// <summary>
/// Wraps a tool for one request: checks the call against its policy (caller, arguments, approval, rate limit) right
/// before the inner function would run, and returns the denial text instead of running it when the check fails.
/// </summary>
internal sealed class PolicyEnforcedFunction(AIFunction innerFunction, ToolPolicyChatClient stage, ToolPolicyRequestState state) : DelegatingAIFunction(innerFunction)
{
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        string? callId = FunctionInvokingChatClient.CurrentContext?.CallContent.CallId;
        if (stage.CheckInvocation(Name, arguments, callId, state, cancellationToken) is { } denial)
        {
            if (FunctionInvokingChatClient.CurrentContext is { } context && state.Denial is not null)
            {
                context.Terminate = true;
            }

            return denial;
        }

        return await base.InvokeCoreAsync(arguments, cancellationToken).ConfigureAwait(false);
    }
}
