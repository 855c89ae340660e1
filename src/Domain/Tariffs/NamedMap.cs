using System.Collections;

namespace TeslaSync.Domain.Tariffs;

/// <summary>
/// A name → value map that keeps the order it was built in (so a tariff is written back in the
/// order it was read) and compares by content, ignoring order, as a JSON object does.
/// </summary>
public sealed class NamedMap<TValue> : IReadOnlyDictionary<string, TValue>, IEquatable<NamedMap<TValue>>
{
    private readonly KeyValuePair<string, TValue>[] entries;
    private readonly Dictionary<string, TValue> lookup;

    public NamedMap(IEnumerable<KeyValuePair<string, TValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        this.entries = entries.ToArray();
        lookup = new Dictionary<string, TValue>(StringComparer.Ordinal);
        foreach (var (name, value) in this.entries)
        {
            if (!lookup.TryAdd(name, value))
            {
                throw new ArgumentException($"The name '{name}' appears twice.", nameof(entries));
            }
        }
    }

    public static NamedMap<TValue> Empty { get; } = new([]);

    public int Count => entries.Length;

    public IEnumerable<string> Keys => entries.Select(entry => entry.Key);

    public IEnumerable<TValue> Values => entries.Select(entry => entry.Value);

    public TValue this[string key] => lookup[key];

    public bool ContainsKey(string key) => lookup.ContainsKey(key);

    public bool TryGetValue(string key, out TValue value) => lookup.TryGetValue(key, out value!);

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, TValue>>)entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(NamedMap<TValue>? other)
    {
        if (other is null || other.Count != Count)
        {
            return false;
        }

        var comparer = EqualityComparer<TValue>.Default;
        return entries.All(entry => other.lookup.TryGetValue(entry.Key, out var value) && comparer.Equals(entry.Value, value));
    }

    public override bool Equals(object? obj) => Equals(obj as NamedMap<TValue>);

    public override int GetHashCode()
    {
        // Order-independent, like Equals.
        var hash = 0;
        foreach (var (name, value) in entries)
        {
            hash ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(name), value);
        }

        return hash;
    }

    public override string ToString() => $"{{{string.Join(", ", entries.Select(entry => $"{entry.Key}: {entry.Value}"))}}}";
}

/// <summary>A read-only list that compares by content, so records holding one compare by value.</summary>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] items;

    public ValueList(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        this.items = items.ToArray();
    }

    public static ValueList<T> Empty { get; } = new([]);

    public int Count => items.Length;

    public T this[int index] => items[index];

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueList<T>? other) => other is not null && items.SequenceEqual(other.items);

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => $"[{string.Join(", ", items)}]";
}
