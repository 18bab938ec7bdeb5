namespace NeighborBot.Intake;

/// <summary>
/// The dictionaries the analyzer works from: category keywords with weights, urgent phrases with their hazard,
/// place names, voice-input corrections and the phrases of non-ticket messages. Immutable and compiled once:
/// <see cref="Default"/> holds the built-in tables, <see cref="Merge"/> adds what admins configured.
/// </summary>
public sealed class IntakeRules
{
    private readonly Dictionary<(string Phrase, string Category), int> _keywords;
    private readonly Dictionary<string, string> _urgent;          // phrase → hazard
    private readonly Dictionary<string, string> _hazardCategories; // hazard → category
    private readonly Dictionary<string, string?> _places;         // alias → place (null: not a place)
    private readonly Dictionary<string, string> _corrections;
    private readonly Dictionary<string, IntakeSignal> _signals;

    private IntakeRules(
        Dictionary<(string, string), int> keywords,
        Dictionary<string, string> urgent,
        Dictionary<string, string> hazardCategories,
        Dictionary<string, string?> places,
        Dictionary<string, string> corrections,
        Dictionary<string, IntakeSignal> signals)
    {
        _keywords = keywords;
        _urgent = urgent;
        _hazardCategories = hazardCategories;
        _places = places;
        _corrections = corrections;
        _signals = signals;

        Normalizer = new TextNormalizer(corrections);
        Lexicon = new PhraseIndex<LexEntry>(BuildLexicon());
        Locations = new LocationParser(places.Select(p => KeyValuePair.Create(Normalizer.NormalizePhrase(p.Key), p.Value)).Where(p => p.Key.Length > 0).DistinctBy(p => p.Key));
        Signals = new PhraseIndex<IntakeSignal>(Aggregate(signals.Select(s => (Normalizer.NormalizePhrase(s.Key), s.Value)), static (a, b) => a | b));
        Connectors = new PhraseIndex<bool>(Phrases(IntakeDefaults.Connectors).Select(c => KeyValuePair.Create(Normalizer.NormalizePhrase(c), true))
            .Concat(Phrases(IntakeDefaults.NotConnectors).Select(c => KeyValuePair.Create(Normalizer.NormalizePhrase(c), false))));
        CorrectionStarts = new PhraseIndex<bool>(Phrases(IntakeDefaults.CorrectionStarts).Select(c => KeyValuePair.Create(Normalizer.NormalizePhrase(c), true))
            .Concat(Phrases(IntakeDefaults.NotCorrectionStarts).Select(c => KeyValuePair.Create(Normalizer.NormalizePhrase(c), false))));
        PairAnchors = BuildPairs();
    }

    /// <summary>The built-in rules.</summary>
    public static IntakeRules Default { get; } = FromDefaults();

    /// <summary>Hazard keys these rules know (built-in and configured).</summary>
    public IReadOnlyCollection<string> Hazards => _hazardCategories.Keys;

    /// <summary>Public place names these rules know.</summary>
    public IReadOnlyCollection<string> PlaceNames => [.. _places.Values.OfType<string>().Distinct(StringComparer.Ordinal)];

    internal TextNormalizer Normalizer { get; }

    internal PhraseIndex<LexEntry> Lexicon { get; }

    internal LocationParser Locations { get; }

    internal PhraseIndex<IntakeSignal> Signals { get; }

    internal PhraseIndex<bool> Connectors { get; }

    internal PhraseIndex<bool> CorrectionStarts { get; }

    /// <summary>
    /// Anchors of the co-occurrence rules (<see cref="IntakeDefaults.Pairs"/>), each with the rules it belongs to;
    /// ignored phrases are in it with no rules, so that "燃气费" hides the "燃气" inside it here too.
    /// </summary>
    internal PhraseIndex<PairRule[]> PairAnchors { get; }

    /// <summary>These rules with what admins configured added; an added keyword replaces the weight of the same built-in one.</summary>
    /// <exception cref="ArgumentException">The options name an unknown category or intent, or hold an empty phrase or a bad weight.</exception>
    public IntakeRules Merge(IntakeOptions extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        var problems = Check(extra);
        if (problems.Count > 0)
        {
            throw new ArgumentException("The Intake configuration cannot be used: " + string.Join("; ", problems), nameof(extra));
        }

        var keywords = new Dictionary<(string, string), int>(_keywords);
        foreach (var (category, phrases) in extra.Keywords)
        {
            foreach (var item in phrases)
            {
                var (phrase, weight) = ParseKeyword(item);
                keywords[(phrase, Key(category))] = weight;
            }
        }

        var hazardCategories = new Dictionary<string, string>(_hazardCategories, StringComparer.Ordinal);
        foreach (var (hazard, category) in extra.HazardCategories)
        {
            hazardCategories[Key(hazard)] = Key(category);
        }

        var urgent = new Dictionary<string, string>(_urgent, StringComparer.Ordinal);
        foreach (var (hazard, phrases) in extra.UrgentPhrases)
        {
            hazardCategories.TryAdd(Key(hazard), IntakeCategories.Hazard);
            foreach (var phrase in phrases)
            {
                urgent[phrase.Trim()] = Key(hazard);
            }
        }

        var places = new Dictionary<string, string?>(_places, StringComparer.Ordinal);
        foreach (var (place, aliases) in extra.Places)
        {
            places[place.Trim()] = place.Trim();
            foreach (var alias in aliases)
            {
                places[alias.Trim()] = place.Trim();
            }
        }

        var corrections = new Dictionary<string, string>(_corrections, StringComparer.Ordinal);
        foreach (var (heard, meant) in extra.Corrections)
        {
            corrections[heard.Trim()] = meant.Trim();
        }

        var signals = new Dictionary<string, IntakeSignal>(_signals, StringComparer.Ordinal);
        foreach (var (intent, phrases) in extra.NonTicketPhrases)
        {
            var signal = SignalOf(intent)!.Value;
            foreach (var phrase in phrases)
            {
                signals[phrase.Trim()] = signals.GetValueOrDefault(phrase.Trim()) | signal;
            }
        }

        return new IntakeRules(keywords, urgent, hazardCategories, places, corrections, signals);
    }

    /// <summary>Every problem with the options, worded for the person who wrote the configuration.</summary>
    internal static List<string> Check(IntakeOptions options)
    {
        var problems = new List<string>();
        var categories = string.Join(", ", IntakeCategories.All);
        foreach (var (category, phrases) in options.Keywords ?? [])
        {
            if (!IsCategory(category) && Key(category) != IntakeOptions.IgnoreKey)
            {
                problems.Add($"Intake:Keywords:{category} is not a category ({categories}, or {IntakeOptions.IgnoreKey}).");
            }

            foreach (var item in phrases ?? [])
            {
                var bar = item?.LastIndexOf('|') ?? -1;
                var phrase = bar < 0 ? item : item![..bar];
                if (string.IsNullOrWhiteSpace(phrase))
                {
                    problems.Add($"Intake:Keywords:{category} holds an empty phrase.");
                }
                else if (bar >= 0 && !(int.TryParse(item![(bar + 1)..], out var w) && w is >= 1 and <= IntakeOptions.MaxKeywordWeight))
                {
                    problems.Add($"Intake:Keywords:{category}: \"{item}\" needs a weight from 1 to {IntakeOptions.MaxKeywordWeight} after '|'.");
                }
            }
        }

        foreach (var (hazard, phrases) in options.UrgentPhrases ?? [])
        {
            if (string.IsNullOrWhiteSpace(hazard))
            {
                problems.Add("Intake:UrgentPhrases has an empty hazard name.");
            }

            if ((phrases ?? []).Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"Intake:UrgentPhrases:{hazard} holds an empty phrase.");
            }
        }

        foreach (var (hazard, category) in options.HazardCategories ?? [])
        {
            if (!IsCategory(category))
            {
                problems.Add($"Intake:HazardCategories:{hazard} is \"{category}\", not a category ({categories}).");
            }
        }

        foreach (var (place, aliases) in options.Places ?? [])
        {
            if (string.IsNullOrWhiteSpace(place) || (aliases ?? []).Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"Intake:Places:{place} has an empty name or alias.");
            }
        }

        foreach (var (heard, meant) in options.Corrections ?? [])
        {
            if (string.IsNullOrWhiteSpace(heard) || string.IsNullOrWhiteSpace(meant))
            {
                problems.Add($"Intake:Corrections:{heard} needs both what was heard and what was meant.");
            }
        }

        foreach (var (intent, phrases) in options.NonTicketPhrases ?? [])
        {
            if (SignalOf(intent) is null)
            {
                problems.Add($"Intake:NonTicketPhrases:{intent} is not one of Thanks, ProgressQuery, Cancel, Greeting, Unclear.");
            }

            if ((phrases ?? []).Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"Intake:NonTicketPhrases:{intent} holds an empty phrase.");
            }
        }

        return problems;
    }

    /// <summary>The category a problem gets from an urgent phrase of this hazard.</summary>
    internal string CategoryOf(string hazard) => _hazardCategories.GetValueOrDefault(hazard, IntakeCategories.Hazard);

    private static IntakeRules FromDefaults()
    {
        var keywords = new Dictionary<(string, string), int>();
        foreach (var (category, weight, phrases) in IntakeDefaults.Keywords)
        {
            foreach (var phrase in Phrases(phrases))
            {
                keywords[(phrase, category)] = weight;
            }
        }

        var urgent = new Dictionary<string, string>(StringComparer.Ordinal);
        var hazardCategories = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (hazard, category, phrases) in IntakeDefaults.Urgent)
        {
            hazardCategories[hazard] = category;
            foreach (var phrase in Phrases(phrases))
            {
                urgent[phrase] = hazard;
            }
        }

        var places = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (place, aliases) in IntakeDefaults.Places)
        {
            places[place] = place;
            foreach (var alias in Phrases(aliases))
            {
                places[alias] = place;
            }
        }

        foreach (var notPlace in Phrases(IntakeDefaults.NotPlaces))
        {
            places[notPlace] = null;
        }

        var corrections = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in Phrases(IntakeDefaults.Corrections))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            corrections[pair[..eq]] = pair[(eq + 1)..];
        }

        var signals = new Dictionary<string, IntakeSignal>(StringComparer.Ordinal);
        foreach (var (signal, phrases) in IntakeDefaults.Signals)
        {
            foreach (var phrase in Phrases(phrases))
            {
                signals[phrase] = signals.GetValueOrDefault(phrase) | signal;
            }
        }

        return new IntakeRules(keywords, urgent, hazardCategories, places, corrections, signals);
    }

    private Dictionary<string, LexEntry> BuildLexicon()
    {
        var entries = new Dictionary<string, LexEntry>(StringComparer.Ordinal);
        foreach (var ((phrase, category), weight) in _keywords)
        {
            var entry = Entry(phrase);
            if (entry is not null && category != IntakeOptions.IgnoreKey)
            {
                entry.Weights[IndexOf(category)] += weight;
            }
        }

        foreach (var (phrase, hazard) in _urgent)
        {
            if (Entry(phrase) is { } entry)
            {
                entry.Hazard ??= hazard;
                entry.Weights[IndexOf(CategoryOf(hazard))] += UrgentWeight;
            }
        }

        return entries;

        LexEntry? Entry(string phrase)
        {
            var normalized = Normalizer.NormalizePhrase(phrase);
            if (normalized.Length == 0)
            {
                return null;
            }

            if (!entries.TryGetValue(normalized, out var entry))
            {
                entry = new LexEntry(normalized);
                entries.Add(normalized, entry);
            }

            return entry;
        }
    }

    private PhraseIndex<PairRule[]> BuildPairs()
    {
        // Ignored phrases hide anchors and cues inside them, as they hide keywords: "燃气费" has no gas in it.
        var ignored = _keywords.Keys
            .Where(k => k.Category == IntakeOptions.IgnoreKey)
            .Select(k => Normalizer.NormalizePhrase(k.Phrase))
            .Where(p => p.Length > 0)
            .ToHashSet(StringComparer.Ordinal);
        var anchors = new Dictionary<string, List<PairRule>>(StringComparer.Ordinal);
        foreach (var (hazard, category, weight, window, anchorList, cueList, unlessList) in IntakeDefaults.Pairs)
        {
            var entry = new LexEntry(hazard ?? category) { Hazard = hazard };
            entry.Weights[IndexOf(hazard is null ? category : CategoryOf(hazard))] += weight;
            var rule = new PairRule(entry, window, PhraseSet(cueList, ignored), unlessList.Length == 0 ? null : PhraseSet(unlessList, []));
            foreach (var phrase in Phrases(anchorList))
            {
                var hides = phrase.StartsWith('-');
                var anchor = Normalizer.NormalizePhrase(hides ? phrase[1..] : phrase);
                if (anchor.Length == 0)
                {
                    continue;
                }

                if (!anchors.TryGetValue(anchor, out var rules))
                {
                    anchors[anchor] = rules = [];
                }

                if (!hides && !rules.Contains(rule))
                {
                    rules.Add(rule);
                }
            }
        }

        foreach (var phrase in ignored)
        {
            anchors.TryAdd(phrase, []);
        }

        return new PhraseIndex<PairRule[]>(anchors.Select(a => KeyValuePair.Create(a.Key, a.Value.ToArray())));

        // Phrases of a list (true) and phrases that hide them (false).
        PhraseIndex<bool> PhraseSet(string list, HashSet<string> hiding)
        {
            var phrases = Phrases(list).Select(Normalizer.NormalizePhrase).Where(p => p.Length > 0).ToHashSet(StringComparer.Ordinal);
            return new(phrases.Select(p => KeyValuePair.Create(p, true)).Concat(hiding.Where(h => !phrases.Contains(h)).Select(h => KeyValuePair.Create(h, false))));
        }
    }

    /// <summary>What an urgent phrase adds to the category of its hazard.</summary>
    internal const int UrgentWeight = 3;

    internal static int IndexOf(string category)
    {
        for (var i = 0; i < IntakeCategories.All.Count; i++)
        {
            if (IntakeCategories.All[i] == category)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(category), category, "Not a category.");
    }

    private static (string Phrase, int Weight) ParseKeyword(string item)
    {
        var bar = item.LastIndexOf('|');
        return bar < 0
            ? (item.Trim(), IntakeOptions.DefaultKeywordWeight)
            : (item[..bar].Trim(), int.Parse(item[(bar + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static bool IsCategory(string? category) => category is not null && IntakeCategories.All.Contains(Key(category));

    private static string Key(string value) => value.Trim().ToLowerInvariant();

    private static IntakeSignal? SignalOf(string? intent) => intent?.Trim().ToLowerInvariant() switch
    {
        "thanks" => IntakeSignal.Thanks,
        "progressquery" or "progress" => IntakeSignal.Progress,
        "cancel" => IntakeSignal.Cancel,
        "greeting" => IntakeSignal.Greeting,
        "unclear" or "advert" => IntakeSignal.Advert,
        _ => null,
    };

    internal static IEnumerable<string> Phrases(string list) =>
        list.Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Dictionary<string, T> Aggregate<T>(IEnumerable<(string Key, T Value)> items, Func<T, T, T> combine)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (key, value) in items)
        {
            if (key.Length > 0)
            {
                result[key] = result.TryGetValue(key, out var existing) ? combine(existing, value) : value;
            }
        }

        return result;
    }
}

/// <summary>What a phrase of the lexicon adds: weight per category (in the order of <see cref="IntakeCategories.All"/>) and, for urgent phrases, the hazard.</summary>
internal sealed class LexEntry(string phrase)
{
    public string Phrase { get; } = phrase;

    public int[] Weights { get; } = new int[IntakeCategories.All.Count];

    public string? Hazard { get; set; }
}

/// <summary>
/// A co-occurrence rule: an anchor with one of <paramref name="Cues"/> at most <paramref name="Window"/> characters
/// before or after it in the same sentence counts as <paramref name="Entry"/> (its weights and, for an urgent rule, its hazard),
/// unless one of <paramref name="Unless"/> comes between them or before them in the window ("已经" before "转过去 现在…").
/// </summary>
internal sealed record PairRule(LexEntry Entry, int Window, PhraseIndex<bool> Cues, PhraseIndex<bool>? Unless);

/// <summary>Marks of a message that is not (only) a new problem.</summary>
[Flags]
internal enum IntakeSignal
{
    None = 0,
    Thanks = 1,
    Progress = 2,
    PriorReport = 4,
    Cancel = 8,
    Greeting = 16,
    Resolved = 32,
    Advert = 64,

    /// <summary>"靠谱吗", "真的假的": the resident asks whether something is genuine, so an advert inside is what they ask about.</summary>
    Doubt = 128,
}
