using System.Globalization;
using System.Linq.Expressions;

namespace Compliant.AI.Retrieval.Internal;

/// <summary>
/// Builds the Microsoft.Extensions.VectorData filter expressions of <see cref="VectorDataChunkStore"/>: the caller's
/// access-control list and exact-match field filters, in the forms the VectorData filter translators recognise.
/// </summary>
/// <remarks>
/// <para>
/// Access control is <c>r =&gt; r.AllowedPrincipals.Any(p =&gt; principals.Contains(p))</c>: "the record's ACL shares a
/// principal with the caller", the array-overlap pattern VectorData filter translators recognise (<c>Enumerable.Any</c>
/// with a <c>Contains</c> predicate; the Weaviate connector maps it to <c>ContainsAny</c>). <c>Contains</c> is bound explicitly to
/// <see cref="Enumerable.Contains{TSource}(IEnumerable{TSource}, TSource)"/>: with C# 14 an array receiver would otherwise
/// bind to <c>MemoryExtensions.Contains</c> over a span, which not every translator (nor the expression interpreter) handles.
/// </para>
/// <para>Metadata filters match the <c>key=value</c> entry in <see cref="VectorChunkRecord.Metadata"/> (a tag contains).</para>
/// </remarks>
internal static class VectorDataFilter
{
    public static Expression<Func<VectorChunkRecord, bool>> ForSearch(ChunkSearchFilter filter)
    {
        string[] principals = filter.Principals.Order(StringComparer.Ordinal).ToArray();
        Expression<Func<VectorChunkRecord, bool>> result = r => r.AllowedPrincipals.Any(p => Enumerable.Contains(principals, p));
        if (filter.Fields is { } fields)
        {
            foreach (KeyValuePair<string, string> field in fields.OrderBy(static f => f.Key, StringComparer.Ordinal))
            {
                result = And(result, ForField(field.Key, field.Value));
            }
        }

        return result;
    }

    public static Expression<Func<VectorChunkRecord, bool>> ForDocument(string documentId) => r => r.DocumentId == documentId;

    public static string MetadataEntry(string key, string value) => string.Create(CultureInfo.InvariantCulture, $"{key}={value}");

    private static Expression<Func<VectorChunkRecord, bool>> ForField(string name, string value)
    {
        switch (name)
        {
            case ChunkFields.DocumentId:
                return r => r.DocumentId == value;
            case ChunkFields.Classification:
                return r => r.Classification == value;
            case ChunkFields.Version:
                return r => r.Version == value;
            case ChunkFields.Source:
                return r => r.SourceUri == value;
            case ChunkFields.Title:
                return r => r.Title == value;
            default:
                string entry = MetadataEntry(name, value);
                return r => Enumerable.Contains(r.Metadata, entry);
        }
    }

    private static Expression<Func<VectorChunkRecord, bool>> And(Expression<Func<VectorChunkRecord, bool>> left, Expression<Func<VectorChunkRecord, bool>> right)
    {
        ParameterExpression record = left.Parameters[0];
        Expression rightBody = new ParameterReplacer(right.Parameters[0], record).Visit(right.Body);
        return Expression.Lambda<Func<VectorChunkRecord, bool>>(Expression.AndAlso(left.Body, rightBody), record);
    }

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
