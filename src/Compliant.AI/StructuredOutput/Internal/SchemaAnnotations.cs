namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>What the keywords applied to one instance location have evaluated (for <c>unevaluatedProperties</c>/<c>unevaluatedItems</c>).</summary>
internal sealed class SchemaAnnotations
{
    private HashSet<string>? _properties;
    private HashSet<int>? _items;

    public bool AllProperties { get; set; }

    public bool AllItems { get; set; }

    public int ItemPrefix { get; set; }

    public void AddProperty(string name) => (_properties ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);

    public void AddItem(int index) => (_items ??= []).Add(index);

    public bool HasProperty(string name) => AllProperties || (_properties?.Contains(name) ?? false);

    public bool HasItem(int index) => AllItems || index < ItemPrefix || (_items?.Contains(index) ?? false);

    public void Merge(SchemaAnnotations other)
    {
        AllProperties |= other.AllProperties;
        AllItems |= other.AllItems;
        ItemPrefix = Math.Max(ItemPrefix, other.ItemPrefix);
        if (other._properties is not null)
        {
            foreach (string p in other._properties)
            {
                AddProperty(p);
            }
        }

        if (other._items is not null)
        {
            foreach (int i in other._items)
            {
                AddItem(i);
            }
        }
    }
}
