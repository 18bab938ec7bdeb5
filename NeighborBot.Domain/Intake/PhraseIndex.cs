using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeighborBot.Intake;

/// <summary>
/// Finds many short phrases in a short text quickly: phrases are grouped by their first two characters (a phrase of
/// one character by its one) and tried longest first, so a scan costs a lookup or two per character whatever the size
/// of the table.
/// </summary>
/// <remarks>
/// Every character of every message is looked up in several of these, so the groups sit in a small open-addressing
/// table keyed by the characters packed in a number (one multiplication and usually one probe); at a position, only
/// the phrases that start with the text's two characters are compared, then the one of one character.
/// </remarks>
internal sealed class PhraseIndex<T>
{
    private readonly uint[] _keys;    // first << 16 | second for a phrase of two or more characters, first for one of one; 0: empty
    private readonly Entry[][] _groups;
    private readonly int _shift;
    private readonly ulong[] _firsts = new ulong[FirstBits / 64];  // bit c % 4096 set when a phrase starts with c (512 bytes)

    private const int FirstBits = 4096;

    public PhraseIndex(IEnumerable<KeyValuePair<string, T>> phrases)
    {
        // No phrase holds '\0' (normalisation drops it), so the two kinds of key never meet.
        var groups = phrases
            .Where(p => p.Key.Length > 0 && !p.Key.AsSpan(0, Math.Min(2, p.Key.Length)).Contains('\0'))
            .GroupBy(p => KeyOf(p.Key))
            .Select(g => (Key: g.Key, Entries: g.OrderByDescending(p => p.Key.Length).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new Entry(p.Key, p.Value)).ToArray()))
            .ToList();

        // At most a quarter full: a miss, the common case, usually ends at the first slot.
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, groups.Count * 4));
        _keys = new uint[size];
        _groups = new Entry[size][];
        _shift = 32 - BitOperations.Log2((uint)size);
        foreach (var (key, entries) in groups)
        {
            var i = SlotOf(key);
            while (_keys[i] != 0)
            {
                i = (i + 1) & (size - 1);
            }

            _keys[i] = key;
            _groups[i] = entries;
            var first = key > char.MaxValue ? key >> 16 : key;
            _firsts[(first % FirstBits) >> 6] |= 1UL << (int)first;
        }

        static uint KeyOf(string phrase) => phrase.Length == 1 ? phrase[0] : ((uint)phrase[0] << 16) | phrase[1];
    }

    public readonly record struct Entry(string Phrase, T Value);

    /// <summary>A phrase found at a position of the text.</summary>
    public readonly record struct Match(int Start, Entry Entry)
    {
        public int End => Start + Entry.Phrase.Length;
    }

    /// <summary>The longest phrase that starts at <paramref name="at"/>.</summary>
    public bool TryMatchAt(ReadOnlySpan<char> text, int at, out Entry entry)
    {
        var first = text[at];
        if (!StartsAny(first))
        {
            entry = default;
            return false;
        }

        if (at + 1 < text.Length && GroupOf(((uint)first << 16) | text[at + 1]) is { } candidates)
        {
            var rest = text[at..];
            foreach (var candidate in candidates)
            {
                if (StartsWith(rest, candidate.Phrase) && WholeAsciiWord(text, at, candidate.Phrase.Length))
                {
                    entry = candidate;
                    return true;
                }
            }
        }

        if (GroupOf(first) is [var single, ..] && WholeAsciiWord(text, at, 1))
        {
            entry = single;
            return true;
        }

        entry = default;
        return false;
    }

    /// <summary>Leftmost-longest matches that do not overlap: "燃气公司" hides the "燃气" inside it.</summary>
    /// <remarks>Found one by one as the caller's <c>foreach</c> asks for them, with no list made.</remarks>
    public Matches Scan(ReadOnlySpan<char> text) => new(this, text);

    /// <summary>The matches of <see cref="Scan"/>, in order.</summary>
    public ref struct Matches(PhraseIndex<T> index, ReadOnlySpan<char> text)
    {
        private readonly ReadOnlySpan<char> _text = text;
        private int _next;

        public Match Current { get; private set; }

        public readonly Matches GetEnumerator() => this;

        public bool MoveNext()
        {
            for (var i = _next; i < _text.Length; i++)
            {
                if (index.TryMatchAt(_text, i, out var entry))
                {
                    Current = new Match(i, entry);
                    _next = i + entry.Phrase.Length;
                    return true;
                }
            }

            _next = _text.Length;
            return false;
        }
    }

    /// <summary>Every match at every position, overlapping ones included, handed to <paramref name="onMatch"/> (at a position, longest first).</summary>
    public void ScanAll<TState>(ReadOnlySpan<char> text, ref TState state, MatchAction<TState> onMatch)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var first = text[i];
            if (!StartsAny(first))
            {
                continue;
            }

            if (i + 1 < text.Length && GroupOf(((uint)first << 16) | text[i + 1]) is { } candidates)
            {
                var rest = text[i..];
                foreach (var candidate in candidates)
                {
                    if (StartsWith(rest, candidate.Phrase) && WholeAsciiWord(text, i, candidate.Phrase.Length))
                    {
                        onMatch(ref state, new Match(i, candidate));
                    }
                }
            }

            if (GroupOf(first) is { } singles && WholeAsciiWord(text, i, 1))
            {
                foreach (var single in singles)
                {
                    onMatch(ref state, new Match(i, single));
                }
            }
        }
    }

    public delegate void MatchAction<TState>(ref TState state, Match match);

    /// <summary>
    /// False when no phrase starts with <paramref name="c"/> (most characters of a message start none, and a bit says
    /// so); true when one may.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool StartsAny(char c) => (_firsts[(c % FirstBits) >> 6] & (1UL << c)) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Entry[]? GroupOf(uint key)
    {
        var keys = _keys;
        for (var i = SlotOf(key); ; i = (i + 1) & (keys.Length - 1))
        {
            var k = keys[i];
            if (k == key)
            {
                return _groups[i];
            }

            if (k == 0)
            {
                return null;
            }
        }
    }

    private int SlotOf(uint key) => (int)((key * 2654435769u) >> _shift);

    /// <summary>The first two characters are known to match (or the phrase has one); the rest is compared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool StartsWith(ReadOnlySpan<char> rest, string phrase) =>
        phrase.Length <= rest.Length && (phrase.Length <= 2 || rest[2..phrase.Length].SequenceEqual(phrase.AsSpan(2)));

    // "hi" must not match inside "this": phrases that begin or end with a Latin letter need a word boundary there.
    private static bool WholeAsciiWord(ReadOnlySpan<char> text, int start, int length)
    {
        var end = start + length;
        if (char.IsAsciiLetter(text[start]) && start > 0 && char.IsAsciiLetter(text[start - 1]))
        {
            return false;
        }

        return !(char.IsAsciiLetter(text[end - 1]) && end < text.Length && char.IsAsciiLetter(text[end]));
    }
}
