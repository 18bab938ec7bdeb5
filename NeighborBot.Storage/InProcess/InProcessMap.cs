namespace NeighborBot.Storage;

/// <summary>
/// The in-process store's memory: values with an optional expiry read from <see cref="TimeProvider"/>.
/// One lock guards everything; this store serves a first run and tests, not production load.
/// </summary>
internal sealed class InProcessMap(TimeProvider time)
{
    /// <summary>The in-process stores name their entries as Redis names its keys.</summary>
    public static readonly RedisKeys Keys = new(RedisKeys.DefaultPrefix);

    private const int SweepEvery = 1024;
    private readonly Dictionary<string, (object Value, DateTimeOffset? ExpiresAt)> _entries = new(StringComparer.Ordinal);
    private int _writes;

    public object Gate => _entries;

    /// <summary>The live value under <paramref name="key"/>. Call while holding <see cref="Gate"/>.</summary>
    public T? Get<T>(string key) where T : class
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.ExpiresAt is { } at && at <= time.GetUtcNow())
        {
            _entries.Remove(key);
            return null;
        }

        return (T)entry.Value;
    }

    /// <summary>Stores a value; a null <paramref name="ttl"/> keeps the current expiry, if any. Call while holding <see cref="Gate"/>.</summary>
    public void Set(string key, object value, TimeSpan? ttl)
    {
        DateTimeOffset? expiresAt = ttl is { } t
            ? time.GetUtcNow() + t
            : _entries.TryGetValue(key, out var old) ? old.ExpiresAt : null;
        _entries[key] = (value, expiresAt);
        if (++_writes % SweepEvery == 0)
        {
            Sweep();
        }
    }


    public void Remove(string key) => _entries.Remove(key);

    /// <summary>Every live value of a type (the in-process store scans where Redis keeps an index).</summary>
    public IEnumerable<T> Values<T>() where T : class
    {
        var now = time.GetUtcNow();
        return _entries.Values.Where(e => e.Value is T && (e.ExpiresAt is null || e.ExpiresAt > now)).Select(e => (T)e.Value);
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt is { } at && at <= now)
            {
                _entries.Remove(key);
            }
        }
    }
}
