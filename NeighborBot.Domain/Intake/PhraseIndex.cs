using System.Collections.Frozen;

namespace NeighborBot.Intake;

/// <summary>
/// Finds many short phrases in a short text quickly: phrases are grouped by their first character and
/// tried longest first, so a scan costs a few comparisons per character whatever the size of the table.
/// </summary>
internal sealed class PhraseIndex<T>
{
    private readonly FrozenDictionary<char, Entry[]> _byFirstChar;

    public PhraseIndex(IEnumerable<KeyValuePair<string, T>> phrases)
    {
        _byFirstChar = phrases
            .Where(p => p.Key.Length > 0)
            .GroupBy(p => p.Key[0])
            .ToFrozenDictionary(
                g => g.Key,
                g => g.OrderByDescending(p => p.Key.Length).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new Entry(p.Key, p.Value)).ToArray());
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
        if (_byFirstChar.TryGetValue(text[at], out var candidates))
        {
            var rest = text[at..];
            foreach (var candidate in candidates)
            {
                if (rest.StartsWith(candidate.Phrase, StringComparison.Ordinal) && WholeAsciiWord(text, at, candidate.Phrase.Length))
                {
                    entry = candidate;
                    return true;
                }
            }
        }

        entry = default;
        return false;
    }

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
            if (!_byFirstChar.TryGetValue(text[i], out var candidates))
            {
                continue;
            }

            var rest = text[i..];
            foreach (var candidate in candidates)
            {
                if (rest.StartsWith(candidate.Phrase, StringComparison.Ordinal) && WholeAsciiWord(text, i, candidate.Phrase.Length))
                {
                    onMatch(ref state, new Match(i, candidate));
                }
            }
        }
    }

    public delegate void MatchAction<TState>(ref TState state, Match match);

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
