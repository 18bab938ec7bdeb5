using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeighborBot.Intake;

/// <summary>
/// Finds many short phrases in a short text quickly: phrases are grouped by their first character and
/// tried longest first, so a scan costs a few comparisons per character whatever the size of the table.
/// </summary>
/// <remarks>
/// Every character of every message is looked up in several of these, so the groups sit in a small open-addressing
/// table keyed by the character (a few KB, one multiplication and usually one probe), and a candidate is compared only
/// when its second character is the text's.
/// </remarks>
internal sealed class PhraseIndex<T>
{
    private readonly char[] _firstChars;    // '\0': an empty slot (no phrase starts with it: normalisation drops it)
    private readonly Entry[][] _groups;
    private readonly int _shift;

    public PhraseIndex(IEnumerable<KeyValuePair<string, T>> phrases)
    {
        var groups = phrases
            .Where(p => p.Key.Length > 0 && p.Key[0] != '\0')
            .GroupBy(p => p.Key[0])
            .Select(g => (First: g.Key, Entries: g.OrderByDescending(p => p.Key.Length).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new Entry(p.Key, p.Value)).ToArray()))
            .ToList();

        // At most a quarter full: a miss, the common case, usually ends at the first slot.
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, groups.Count * 4));
        _firstChars = new char[size];
        _groups = new Entry[size][];
        _shift = 32 - BitOperations.Log2((uint)size);
        foreach (var (first, entries) in groups)
        {
            var i = SlotOf(first);
            while (_firstChars[i] != '\0')
            {
                i = (i + 1) & (size - 1);
            }

            _firstChars[i] = first;
            _groups[i] = entries;
        }
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
        if (GroupOf(text[at]) is { } candidates)
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

        entry = default;
        return false;
    }

    /// <summary>Whether any phrase starts with <paramref name="c"/>: most characters of a message start none.</summary>
    public bool Starts(char c) => GroupOf(c) is not null;

    /// <summary>Leftmost-longest matches that do not overlap: "燃气公司" hides the "燃气" inside it.</summary>
    public List<Match> Scan(ReadOnlySpan<char> text)
    {
        var found = new List<Match>();
        for (var i = 0; i < text.Length;)
        {
            if (TryMatchAt(text, i, out var entry))
            {
                found.Add(new Match(i, entry));
                i += entry.Phrase.Length;
            }
            else
            {
                i++;
            }
        }

        return found;
    }

    /// <summary>Every match at every position, overlapping ones included, handed to <paramref name="onMatch"/>.</summary>
    public void ScanAll<TState>(ReadOnlySpan<char> text, ref TState state, MatchAction<TState> onMatch)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (GroupOf(text[i]) is not { } candidates)
            {
                continue;
            }

            var rest = text[i..];
            foreach (var candidate in candidates)
            {
                if (StartsWith(rest, candidate.Phrase) && WholeAsciiWord(text, i, candidate.Phrase.Length))
                {
                    onMatch(ref state, new Match(i, candidate));
                }
            }
        }
    }

    public delegate void MatchAction<TState>(ref TState state, Match match);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Entry[]? GroupOf(char c)
    {
        var chars = _firstChars;
        for (var i = SlotOf(c); ; i = (i + 1) & (chars.Length - 1))
        {
            var k = chars[i];
            if (k == c)
            {
                return _groups[i];
            }

            if (k == '\0')
            {
                return null;
            }
        }
    }

    private int SlotOf(char c) => (int)((c * 2654435769u) >> _shift);

    /// <summary>The first character is known to match; the second is compared before the rest (most candidates differ there).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool StartsWith(ReadOnlySpan<char> rest, string phrase) =>
        phrase.Length <= rest.Length
        && (phrase.Length == 1 || (rest[1] == phrase[1] && rest[2..phrase.Length].SequenceEqual(phrase.AsSpan(2))));

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
