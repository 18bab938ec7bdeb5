using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeighborBot.Intake;

/// <summary>
/// The model's n-grams (one to three characters) by their characters packed into one number (<see cref="Pack"/>),
/// looked up in an open-addressing table with linear probing and Fibonacci hashing: finding an n-gram costs a
/// multiplication and, usually, one read; no string is made or hashed. Immutable.
/// </summary>
/// <remarks>
/// Every n-gram of a message is looked up (up to 1,200 for a long one), mostly in parts of the table the cache no longer
/// holds, so the table is kept small: a slot is one 64-bit number, the n-gram's characters (48 bits) above its feature
/// (16 bits), 512 KB for the model's 24,000 n-grams. A model with more than 65,535 n-grams (a candidate the trainer
/// compares) gets slots of 16 bytes instead.
/// </remarks>
internal sealed class GramTable
{
    private const ulong Fibonacci = 0x9E3779B97F4A7C15UL;
    private const ulong Characters = 0xFFFF_FFFF_FFFFUL;

    private readonly ulong[]? _narrow;   // characters << 16 | feature; 0: empty
    private readonly Slot[]? _wide;      // Key 0: empty
    private readonly int _shift;
    private readonly int _mask;

    public GramTable(IReadOnlyCollection<(ulong Key, int Index)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        // At most half full: short probes.
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, entries.Count * 2));
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
        var narrow = entries.All(e => e.Index <= ushort.MaxValue);
        _narrow = narrow ? new ulong[size] : null;
        _wide = narrow ? null : new Slot[size];
        foreach (var (key, index) in entries)
        {
            var i = SlotOf(key);
            while (Occupied(i))
            {
                if (CharactersAt(i) == (key & Characters))
                {
                    throw new ArgumentException("An n-gram is named twice.", nameof(entries));
                }

                i = (i + 1) & _mask;
            }

            if (_narrow is not null)
            {
                _narrow[i] = ((key & Characters) << 16) | (uint)index;
            }
            else
            {
                _wide![i] = new Slot(key, index);
            }
        }
    }

    /// <summary>
    /// The packed form of an n-gram of one to three characters: 16 bits per character, the first highest, and its
    /// length in bits 48–49 (which a narrow slot drops: no character of a message is '\0', so the characters alone tell
    /// the length).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Pack(ReadOnlySpan<char> gram)
    {
        var key = 0UL;
        foreach (var c in gram)
        {
            key = (key << 16) | c;
        }

        return key | ((ulong)gram.Length << 48);
    }

    /// <summary>Packs a feature name that is an n-gram; false for longer names, rule features and names holding '\0'.</summary>
    public static bool TryPack(ReadOnlySpan<char> feature, out ulong key)
    {
        if (feature.Length is < 1 or > IntakeFeatures.MaxGram || feature[0] == IntakeFeatures.RuleMark || feature.Contains('\0'))
        {
            key = 0;
            return false;
        }

        key = Pack(feature);
        return true;
    }

    /// <summary>The feature index of a packed n-gram, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOf(ulong key)
    {
        if (_narrow is { } slots)
        {
            var characters = key & Characters;
            for (var i = SlotOf(key); ; i = (i + 1) & _mask)
            {
                var slot = slots[i];
                if (slot == 0)
                {
                    return -1;
                }

                if (slot >> 16 == characters)
                {
                    return (ushort)slot;
                }
            }
        }

        return WideIndexOf(key);
    }

    /// <summary>
    /// <see cref="IndexOf"/> of every key, written over the keys (a feature, or -1 as <see cref="ulong.MaxValue"/>).
    /// The first slot of every key is read before any is compared: with nothing to wait for between them, the reads
    /// of a message's n-grams go out to memory together instead of one after the other (they mostly miss the cache).
    /// </summary>
    public void IndexOfAll(Span<ulong> keys, Span<ulong> scratch)
    {
        if (_narrow is not { } slots)
        {
            foreach (ref var key in keys)
            {
                key = (ulong)(long)WideIndexOf(key);
            }

            return;
        }

        for (var k = 0; k < keys.Length; k++)
        {
            scratch[k] = slots[SlotOf(keys[k])];
        }

        for (var k = 0; k < keys.Length; k++)
        {
            var characters = keys[k] & Characters;
            var slot = scratch[k];
            keys[k] = slot == 0 ? ulong.MaxValue
                : slot >> 16 == characters ? (ushort)slot
                : (ulong)(long)IndexOf(keys[k]);
        }
    }

    private int WideIndexOf(ulong key)
    {
        var slots = _wide!;
        for (var i = SlotOf(key); ; i = (i + 1) & _mask)
        {
            ref readonly var slot = ref slots[i];
            if (slot.Key == key)
            {
                return slot.Index;
            }

            if (slot.Key == 0)
            {
                return -1;
            }
        }
    }

    private bool Occupied(int i) => _narrow is not null ? _narrow[i] != 0 : _wide![i].Key != 0;

    private ulong CharactersAt(int i) => _narrow is not null ? _narrow[i] >> 16 : _wide![i].Key & Characters;

    private int SlotOf(ulong key) => (int)(((key & Characters) * Fibonacci) >> _shift);

    private readonly record struct Slot(ulong Key, int Index);
}
