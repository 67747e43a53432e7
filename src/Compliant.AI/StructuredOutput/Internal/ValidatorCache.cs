using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>A bounded, least-recently-used cache of compiled validators keyed by a SHA-256 digest of the schema's JSON text.</summary>
/// <remarks>Schemas carry no personal data; the key is still a digest so the cache holds no schema text. Thread-safe.</remarks>
internal sealed class ValidatorCache(int capacity, JsonSchemaValidatorOptions options)
{
    private readonly Dictionary<UInt128, LinkedListNode<(UInt128 Key, JsonSchemaValidator Validator)>> _map = [];
    private readonly LinkedList<(UInt128 Key, JsonSchemaValidator Validator)> _order = new();
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _map.Count;
            }
        }
    }

    /// <summary>Returns the compiled validator of <paramref name="schema"/>, compiling it on first use.</summary>
    /// <exception cref="JsonSchemaException">The schema cannot be compiled.</exception>
    public JsonSchemaValidator GetOrCompile(JsonElement schema)
    {
        UInt128 key = Digest(schema);
        lock (_gate)
        {
            if (_map.TryGetValue(key, out LinkedListNode<(UInt128, JsonSchemaValidator)>? node))
            {
                if (node != _order.First)
                {
                    _order.Remove(node);
                    _order.AddFirst(node);
                }

                return node.Value.Item2;
            }
        }

        JsonSchemaValidator validator = JsonSchemaValidator.Compile(schema, options);
        lock (_gate)
        {
            if (_map.TryGetValue(key, out LinkedListNode<(UInt128, JsonSchemaValidator)>? raced))
            {
                return raced.Value.Item2;
            }

            _map[key] = _order.AddFirst((key, validator));
            while (_map.Count > capacity)
            {
                _map.Remove(_order.Last!.Value.Key);
                _order.RemoveLast();
            }
        }

        return validator;
    }

    private static UInt128 Digest(JsonElement schema)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(JsonMarshal.GetRawUtf8Value(schema), hash);
        return MemoryMarshal.Read<UInt128>(hash);
    }
}
