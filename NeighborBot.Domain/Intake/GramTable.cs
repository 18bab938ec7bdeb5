using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeighborBot.Intake;

/// <summary>
/// The model's n-grams (one to three characters) by their characters packed into one number (<see cref="Pack"/>),
/// looked up in an open-addressing table with linear probing and Fibonacci hashing: finding an n-gram costs a
/// multiplication and, usually, one read of one cache line (a slot holds the key and the feature beside it); no string
/// is made or hashed. Immutable.
/// </summary>
internal sealed class GramTable
{
    private const ulong Fibonacci = 0x9E3779B97F4A7C15UL;

    private readonly Slot[] _slots;   // Key 0: empty (a packed n-gram always has its length set)
    private readonly int _shift;
    private readonly int _mask;

    public GramTable(IReadOnlyCollection<(ulong Key, int Index)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        // At most half full: short probes; 16 bytes a slot (1 MB for the 24,000 n-grams of the model).
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, entries.Count * 2));
        _slots = new Slot[size];
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
        foreach (var (key, index) in entries)
        {
            var i = SlotOf(key);
            while (_slots[i].Key != 0)
            {
                if (_slots[i].Key == key)
                {
                    throw new ArgumentException("An n-gram is named twice.", nameof(entries));
                }

                i = (i + 1) & _mask;
            }

            _slots[i] = new Slot(key, index);
        }
    }

    /// <summary>The packed form of an n-gram of one to three characters: its length in bits 48–49, then 16 bits per character.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Pack(ReadOnlySpan<char> gram)
    {
        var key = (ulong)gram.Length;
        foreach (var c in gram)
        {
            key = (key << 16) | c;
        }

        return key;
    }

    /// <summary>Packs a feature name that is an n-gram; false for longer names and for rule features.</summary>
    public static bool TryPack(ReadOnlySpan<char> feature, out ulong key)
    {
        if (feature.Length is < 1 or > IntakeFeatures.MaxGram || feature[0] == IntakeFeatures.RuleMark)
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
        var slots = _slots;
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

    private int SlotOf(ulong key) => (int)((key * Fibonacci) >> _shift);

    private readonly record struct Slot(ulong Key, int Index);
}
