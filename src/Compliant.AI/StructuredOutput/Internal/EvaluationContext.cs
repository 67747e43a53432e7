using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>The per-call state of one validation: the instance path, the errors so far, the dynamic scope, the memo and the work budget.</summary>
/// <remarks>
/// <para>
/// Memoization keeps validation polynomial for any schema: a subschema that can be reached along more than one path
/// (the target of a <c>$ref</c> or <c>$dynamicRef</c>; every other compiled node has exactly one parent) is evaluated at
/// most once per instance location and dynamic scope, and its result (plus, when requested, the properties and items
/// it evaluated, for <c>unevaluated*</c>) is reused. Re-entering an evaluation that is still in progress means the
/// schema recurses without moving into the instance, which fails at once instead of recursing until a limit.
/// </para>
/// <para>
/// Instance locations are identified by the byte offset of the value in its document: every JSON value starts at a
/// different byte, and all values reached from the root share the root's document.
/// </para>
/// </remarks>
internal sealed class EvaluationContext
{
    /// <summary>Recursion deeper than this ends the validation with <see cref="JsonValidationFailureKind.WorkLimitExceeded"/>.</summary>
    public const int MaxEvaluationDepth = 4096;

    private const int CancellationCheckInterval = 1024;

    private readonly List<PathSegment> _path = [];
    private readonly JsonElement _root;
    private readonly long _maxWork;
    private readonly CancellationToken _cancellationToken;
    private Dictionary<MemoKey, MemoEntry>? _memo;
    private int _nextScopeId;
    private int _memoSuspended;

    public EvaluationContext(JsonElement root, int maxErrors, bool includeValues, long maxWork, CancellationToken cancellationToken)
    {
        _root = root;
        MaxErrors = maxErrors;
        IncludeValues = includeValues;
        _maxWork = maxWork;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Gets or sets the error sink; <see langword="null"/> while evaluating a branch whose errors are not reported (anyOf, not, if, ...).</summary>
    public List<JsonSchemaValidationError>? Errors { get; set; }

    public int MaxErrors { get; }

    public bool IncludeValues { get; }

    public int Depth { get; set; }

    /// <summary>Gets the work done so far (subschema evaluations plus items, properties and characters examined).</summary>
    public long Work { get; private set; }

    /// <summary>Gets or sets the current dynamic scope (<see langword="null"/> until a resource with a <c>$dynamicAnchor</c> is entered).</summary>
    public DynamicScope? Scope { get; set; }

    public bool Full => Errors is not null && Errors.Count >= MaxErrors;

    /// <summary>Counts <paramref name="amount"/> units of work; ends the validation when the budget is spent and observes cancellation.</summary>
    public void AddWork(long amount)
    {
        long before = Work;
        Work += amount;
        if (Work > _maxWork)
        {
            throw new ValidationAbortedException("maxWork", "#", $"validating this instance takes more work than the limit of {_maxWork.ToString(CultureInfo.InvariantCulture)} steps");
        }

        if (before / CancellationCheckInterval != Work / CancellationCheckInterval)
        {
            _cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public DynamicScope EnterResource(SchemaResource resource)
    {
        Scope ??= DynamicScope.CreateRoot();
        return Scope.Enter(resource, ref _nextScopeId);
    }

    /// <summary>Evaluations inside a synthetic document (a property name checked against <c>propertyNames</c>) are not memoized: their offsets are not the instance's.</summary>
    public void SuspendMemo() => _memoSuspended++;

    public void ResumeMemo() => _memoSuspended--;

    public bool TryGetMemo(SchemaNode node, JsonElement instance, out MemoKey key, out MemoEntry entry)
    {
        if (_memoSuspended > 0)
        {
            key = default;
            entry = default;
            return false;
        }

        key = new MemoKey(node.Id, OffsetOf(instance), Scope?.Id ?? 0);
        _memo ??= [];
        return _memo.TryGetValue(key, out entry);
    }

    public void SetMemo(MemoKey key, MemoEntry entry)
    {
        if (_memoSuspended == 0)
        {
            _memo![key] = entry;
        }
    }

    public bool MemoActive => _memoSuspended == 0;

    private long OffsetOf(JsonElement instance)
    {
        ReadOnlySpan<byte> root = JsonMarshal.GetRawUtf8Value(_root);
        ReadOnlySpan<byte> value = JsonMarshal.GetRawUtf8Value(instance);
        return (long)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(root), ref MemoryMarshal.GetReference(value));
    }

    /// <summary>Enters a property whose name the evaluating schema declares in <c>properties</c> (a schema constant, shown as is).</summary>
    public void PushDeclared(JsonProperty property) => _path.Add(new PathSegment(property, -1, Declared: true));

    /// <summary>Enters a property whose name comes only from the instance: shown as <c>*N</c> (its 1-based position) unless values may be shown.</summary>
    public void PushUndeclared(JsonProperty property, int ordinal) => _path.Add(new PathSegment(property, ordinal, Declared: false));

    public void Push(int index) => _path.Add(new PathSegment(null, index, Declared: false));

    public void Pop() => _path.RemoveAt(_path.Count - 1);

    public void AddError(SchemaNode node, string keyword, string message, JsonElement instance = default)
    {
        if (Errors is null || Errors.Count >= MaxErrors)
        {
            return;
        }

        if (IncludeValues && instance.ValueKind != JsonValueKind.Undefined)
        {
            string raw = instance.GetRawText();
            message += " (value: " + (raw.Length > 200 ? raw[..200] + "…" : raw) + ")";
        }

        Errors.Add(new JsonSchemaValidationError(InstancePath(), node.Location + "/" + keyword, keyword, message));
    }

    /// <summary>Returns the JSON Pointer of the current location, with every property name the schema does not declare replaced by <c>*N</c>.</summary>
    public string InstancePath()
    {
        if (_path.Count == 0)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        foreach (PathSegment segment in _path)
        {
            sb.Append('/');
            if (segment.Property is not JsonProperty property)
            {
                sb.Append(segment.Index.ToString(CultureInfo.InvariantCulture));
            }
            else if (segment.Declared || IncludeValues)
            {
                sb.Append(SchemaUri.Escape(property.Name));
            }
            else
            {
                sb.Append('*').Append((segment.Index + 1).ToString(CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private readonly record struct PathSegment(JsonProperty? Property, int Index, bool Declared);
}

/// <summary>Identifies one evaluation: a compiled subschema at an instance location in a dynamic scope.</summary>
internal readonly record struct MemoKey(int Node, long Location, int Scope);

/// <summary>The outcome of one memoized evaluation.</summary>
/// <param name="Done"><see langword="false"/> while the evaluation is in progress.</param>
/// <param name="Result">Whether the instance location was valid.</param>
/// <param name="ErrorsReported">Whether its errors were collected (evaluated with an error sink).</param>
/// <param name="Annotations">What it evaluated, when computed with annotations; <see langword="null"/> otherwise.</param>
internal readonly record struct MemoEntry(bool Done, bool Result, bool ErrorsReported, SchemaAnnotations? Annotations);
