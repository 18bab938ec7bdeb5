namespace NeighborBot.Intake;

/// <summary>
/// Understands one resident message: is it a new problem (and which, how urgent, where), or thanks, a question about
/// progress, a cancellation, a correction of the draft, a greeting. Pure and thread-safe: build it once from
/// <see cref="IntakeRules"/> and call it for every message.
/// </summary>
/// <remarks>
/// The message is normalised (<see cref="TextNormalizer"/>), cut into clauses at punctuation, spaces and connectors
/// ("还有", "另外"), and scored per category with weighted keywords; a keyword right after "不是" does not count
/// ("不是漏水,是堵了"), an urgent phrase after a negation or inside a supposition ("万一着火") does not make the message
/// urgent. Co-occurrence rules (<see cref="IntakeDefaults.Pairs"/>) read what no fixed phrase says: a transfer verb
/// near "正在/马上/拦不住" is money going to a scammer now, "电梯" near "关/困/出不来" someone shut in a lift. An urgent
/// problem takes the category of its danger. Clauses join into one problem unless a connector (or "也" with a clearly
/// different category) starts another; a clause telling more of the same danger ("还有焦糊味") continues it.
/// </remarks>
public sealed class IntakeAnalyzer
{
    /// <summary>The score a category needs before a message is a ticket.</summary>
    private const int MinScore = 2;

    /// <summary>A clause with "也", or a connector inside a sentence, starts a second problem only with this much evidence.</summary>
    private const int AlsoSplitScore = 3;

    /// <summary>A progress question with no more evidence than this ("电梯修好了吗") is about an old ticket, not a new one.</summary>
    private const int WeakReportScore = 3;

    private const int MaxProblems = 3;

    /// <summary>A correction is short: "不对，是4号楼2单元". A long message starting with "不是" is a report.</summary>
    private const int MaxCorrectionLength = 30;

    /// <summary>Clauses end at " ,.!?;:~".</summary>
    private static bool IsClauseSeparator(char c) => c is ' ' or ',' or '.' or '!' or '?' or ';' or ':' or '~';

    /// <summary>A co-occurrence rule looks for its cue within the sentence (up to ".!?;"): spaces and commas do not end one.</summary>
    private static bool IsSentenceEnd(char c) => c is '.' or '!' or '?' or ';';

    /// <summary>How far before the window a cue that ends inside it may start.</summary>
    private const int MaxCueLength = 6;

    // Ties go to the more specific category.
    private static readonly int[] TiePriority =
    [
        IntakeRules.IndexOf(IntakeCategories.Fraud), IntakeRules.IndexOf(IntakeCategories.Wish),
        IntakeRules.IndexOf(IntakeCategories.Dispute), IntakeRules.IndexOf(IntakeCategories.Hazard),
        IntakeRules.IndexOf(IntakeCategories.Consult), IntakeRules.IndexOf(IntakeCategories.Environment),
        IntakeRules.IndexOf(IntakeCategories.Repair), IntakeRules.IndexOf(IntakeCategories.Property),
    ];

    private static readonly string[] UrgentNegations = ["不是", "没有人", "没有", "没人", "没", "不", "无", "别", "并非", "差点", "差点儿", "差一点", "险些"];
    /// <summary>Words that set what follows in the past (also among <see cref="Suppositions"/>; see <see cref="ToldAsPast"/>).</summary>
    private static readonly string[] PastWords = ["去年", "那次", "昨天", "昨晚", "前天", "前几天", "上周", "上礼拜", "上个月", "夜儿个", "夜儿黑", "夜个", "昨儿", "昨个", "上回", "上次", "前年", "前阵子", "前段时间", "前些天"];

    /// <summary>Words anywhere in the message that set a danger in the past, in a supposition or in hearsay.</summary>
    internal static bool IsSupposedOrPast(string text) => Suppositions.Any(w => text.Contains(w, StringComparison.Ordinal));

    private static readonly string[] Suppositions = ["万一", "如果", "要是", "真要", "假如", "一旦", "担心", "容易", "可能会", "会不会", "防止", "预防", "以防", "怕", "新闻", "电视上", "网上看到", .. PastWords, "听说", "据说"];

    /// <summary>A message about a drill ("消防演习") tells of no real danger, whatever it describes.</summary>
    private static readonly string[] Drills = ["演习", "演练"];

    private readonly IntakeRules _rules;
    private readonly IntakeModel? _model;

    /// <param name="rules">Places, numbers, intents, urgent phrases, and categories when there is no model.</param>
    /// <param name="model">The learned model that decides the category and weighs urgency with the rules; null for the rules alone.</param>
    public IntakeAnalyzer(IntakeRules rules, IntakeModel? model = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules;
        _model = model;
    }

    public IntakeModel? Model => _model;

    /// <summary>Reads only a location, e.g. the answer to "在几号楼？": "4号楼", "不对，是4号楼2单元", "东门".</summary>
    public IntakeLocation? ExtractLocation(string text)
    {
        var normalized = _rules.Normalizer.Normalize(text);
        return _rules.Locations.Parse(normalized.Text, 0, normalized.Text.Length);
    }

    public IntakeResult Analyze(string text)
    {
        var reading = Read(text);
        var analysed = _model is null ? reading.Result : Weighed(reading, _model);
        return analysed with
        {
            WordsTellOfProblem = reading.Result.Problems.Count > 0,
            WordsDanger = reading.Danger,
            AsksProgress = reading.Signals.HasFlag(IntakeSignal.Progress),
        };
    }

    /// <summary>The rules' reading with the model's: the category, urgency and each problem as the model weighs them.</summary>
    private IntakeResult Weighed(RuleReading reading, IntakeModel model)
    {
        Span<float> probabilities = stackalloc float[IntakeModel.Labels.Count];
        var urgent = model.Predict(reading, reading.Text.Text, probabilities);
        if (reading.Text.Text.Length > LongMessage && reading.Result.Intent == IntakeIntent.Report
            && probabilities[^1] >= model.Settings.OtherOn && FirstSentence(reading.Text.Text) is { Length: > 0 } head)
        {
            // A report with a forward pasted after it ("3号楼楼道灯坏了，好几天了。" + a chain letter): the letter
            // outweighs the report in the whole text, so the report's own sentence is read on its own.
            Span<float> own = stackalloc float[IntakeModel.Labels.Count];
            var ownUrgent = model.Predict(reading, head, own);
            if (own[^1] < model.Settings.OtherOn)
            {
                own.CopyTo(probabilities);
                urgent = ownUrgent;
            }
        }

        var result = IntakeCombiner.Combine(reading, probabilities, urgent, model.Settings);
        return result.Problems.Count > 1 ? EachProblemReadOnItsOwn(result, reading) : result;
    }

    /// <summary>
    /// Several problems in one message, each read by the model on its own words: it stays only when the model reads
    /// those as a ticket or the rules saw a danger in them ("邻居家也有", "跺脚也没用" are more words about the one
    /// before; "明儿是不是停水啊" before a broken lock is a question), and it takes the category the model reads
    /// in them rather than the one the whole message suggests ("装修垃圾" beside "门禁没反应" is not a repair).
    /// </summary>
    private IntakeResult EachProblemReadOnItsOwn(IntakeResult result, RuleReading reading)
    {
        var kept = new List<IntakeProblem>(result.Problems.Count);
        Span<float> own = stackalloc float[IntakeModel.Labels.Count];
        foreach (var problem in result.Problems)
        {
            var words = _rules.Normalizer.Normalize(problem.Text).Text;
            _model!.Predict(reading, WithoutConnector(words), own);
            if (problem.Urgent)
            {
                kept.Add(problem);
            }
            else if (own[^1] < _model.Settings.OtherOn)
            {
                var category = IntakeCategories.All[IntakeCombiner.TopTwoCategories(own).Best];
                kept.Add(problem with { Category = IntakeCombiner.GuideLineFor(category, words) ?? category });
            }
        }

        return result with { Problems = kept.Count == 0 ? [result.Problems[0]] : kept };
    }

    /// <summary>A problem's words without the "还有"/"另外" that joined it to the one before: they belong to neither.</summary>
    private ReadOnlySpan<char> WithoutConnector(string text) =>
        _rules.Connectors.TryMatchAt(text, 0, out var entry) && entry.Value && entry.Phrase.Length < text.Length
            ? text.AsSpan(entry.Phrase.Length).TrimStart(' ')
            : text;

    private static readonly System.Buffers.SearchValues<char> SentenceEnds = System.Buffers.SearchValues.Create(".!?\n");

    /// <summary>Longer than this, a message may be a report with something forwarded after it.</summary>
    private const int LongMessage = 200;

    /// <summary>The first sentence of a normalized text (。 is '.' there; not the point of 1.5), when it ends within its first 120 characters.</summary>
    private static ReadOnlySpan<char> FirstSentence(ReadOnlySpan<char> text)
    {
        var window = text[..Math.Min(text.Length, 120)];
        for (var at = window.IndexOfAny(SentenceEnds); at >= 0 && at < window.Length; at = window[(at + 1)..].IndexOfAny(SentenceEnds) is var next and >= 0 ? at + 1 + next : -1)
        {
            if (at > 3 && !(at + 1 < text.Length && char.IsAsciiDigit(text[at + 1])))
            {
                return text[..at];
            }
        }

        return [];
    }

    /// <summary>What the rules alone read, with the figures the model takes from them.</summary>
    internal RuleReading Read(string text)
    {
        var normalized = _rules.Normalizer.Normalize(text);
        var t = normalized.Text;
        var location = _rules.Locations.Parse(t, 0, t.Length);
        var forward = IsForward(text);
        var signals = ScanSignals(t) | (forward ? IntakeSignal.Advert : IntakeSignal.None);
        var clauses = SplitClauses(t);
        var hits = FindHits(t, clauses);
        var drafts = Group(t, clauses, hits, _rules.Locations);

        var problems = new List<IntakeProblem>(drafts.Count);
        IntakeLocation? namedBefore = null;
        for (var d = 0; d < drafts.Count; d++)
        {
            var draft = drafts[d];
            var own = drafts.Count > 1 ? _rules.Locations.Parse(t, draft.Start, draft.End) : null;
            var before = namedBefore;
            namedBefore = own ?? namedBefore;
            if (draft.BestScore < MinScore)
            {
                continue;
            }

            // An urgent problem's category follows its danger: a trapped lift is a repair, a fight a dispute.
            var hazard = draft.Hazard;
            problems.Add(new IntakeProblem(
                hazard is null ? IntakeCategories.All[draft.Best] : _rules.CategoryOf(hazard),
                hazard is not null,
                // Of several problems, one that names no place is where the one before it was ("3号楼2单元楼道灯坏了
                // 还有电梯也不亮"), not where a later one is ("楼道灯不亮 还有3号楼门口的垃圾桶没人收": no place then).
                drafts.Count > 1 && own is null ? before : WithHome(own, location),
                hazard,
                normalized.Original(draft.Start, d + 1 < drafts.Count ? drafts[d + 1].Start : t.Length)));
        }

        // "转发：【…应急管理局提醒】…请勿在楼道充电 发现火情请拨打119": safety advice passed on reports no fire.
        var notice = forward && NoticeAdvice.Any(w => t.Contains(w, StringComparison.Ordinal));
        if (notice)
        {
            problems.Clear();
        }

        var intent = DecideIntent(t, signals, problems, drafts, location, hits, out var correctedCategory);
        var result = intent == IntakeIntent.Report
            ? new IntakeResult(intent, problems, location)
            : new IntakeResult(intent, [], location) { CorrectedCategory = correctedCategory };
        var scores = new int[IntakeCategories.All.Count];
        string? danger = null;
        var (urgentHits, fearedHits) = (0, 0);
        foreach (var hit in hits)
        {
            urgentHits += hit.Urgent ? 1 : 0;
            fearedHits += hit.Feared ? 1 : 0;
            if (!hit.Negated)
            {
                Add(scores, hit.Entry.Weights);
            }

            danger = IntakeHazards.Graver(danger, hit.Entry.Hazard);
        }

        return new RuleReading(result, normalized, scores, signals, danger) { UrgentHits = urgentHits, FearedHits = fearedHits, Notice = notice };
    }

    /// <summary>
    /// A problem's own location, with the building, unit and room of the whole message when it names only a public
    /// place: "第一，楼下那户占了我们单元的车棚 … 38号楼5单元" is the 车棚 of 38/5.
    /// </summary>
    private static IntakeLocation? WithHome(IntakeLocation? own, IntakeLocation? message) =>
        own is { Building: null, Unit: null, Room: null } && message is { } m && (m.Building ?? m.Unit ?? (object?)m.Room) is not null
            ? own with { Building = m.Building, Unit = m.Unit, Room = m.Room }
            : own ?? message;

    /// <summary>What a message without a problem is, by its marks.</summary>
    internal static IntakeIntent IntentOf(IntakeSignal signals) => signals switch
    {
        _ when signals.HasFlag(IntakeSignal.Advert) => IntakeIntent.Unclear,
        _ when signals.HasFlag(IntakeSignal.Cancel) => IntakeIntent.Cancel,
        _ when signals.HasFlag(IntakeSignal.Progress) => IntakeIntent.ProgressQuery,
        _ when signals.HasFlag(IntakeSignal.Thanks) || signals.HasFlag(IntakeSignal.Resolved) => IntakeIntent.Thanks,
        _ when signals.HasFlag(IntakeSignal.Greeting) => IntakeIntent.Greeting,
        _ => IntakeIntent.Unclear,
    };

    private IntakeIntent DecideIntent(
        string t, IntakeSignal signals, List<IntakeProblem> problems, List<Draft> drafts, IntakeLocation? location, List<Hit> hits, out string? correctedCategory)
    {
        correctedCategory = null;
        var urgent = problems.Exists(p => p.Urgent);

        // An urgent message is always a report, even when it starts like a correction ("不是漏水 是着火了"); one that calls
        // something off is a call-off ("哎不对 刚才那个不用修了 西门灯是好的").
        if (!urgent && !signals.HasFlag(IntakeSignal.Cancel) && t.Length <= MaxCorrectionLength && StartsWithCorrection(t))
        {
            var scores = new int[IntakeCategories.All.Count];
            foreach (var hit in hits)
            {
                if (!hit.Negated)
                {
                    Add(scores, hit.Entry.Weights);
                }
            }

            var best = Best(scores);
            correctedCategory = scores[best] > 0 ? IntakeCategories.All[best] : null;
            if (location is not null || correctedCategory is not null)
            {
                return IntakeIntent.Correction;
            }
        }

        if (problems.Count == 0)
        {
            return IntentOf(signals);
        }

        if (!urgent && signals.HasFlag(IntakeSignal.Progress)
            && (signals.HasFlag(IntakeSignal.PriorReport) || drafts.Max(d => d.BestScore) <= WeakReportScore))
        {
            return IntakeIntent.ProgressQuery;
        }

        if (!urgent && signals.HasFlag(IntakeSignal.Resolved))
        {
            if (signals.HasFlag(IntakeSignal.Cancel))
            {
                return IntakeIntent.Cancel;
            }

            if (signals.HasFlag(IntakeSignal.Thanks))
            {
                return IntakeIntent.Thanks;
            }
        }

        // An advert is not a ticket, unless the resident asks whether it is genuine ("说刷单能赚钱 靠谱吗").
        return !urgent && signals.HasFlag(IntakeSignal.Advert) && !signals.HasFlag(IntakeSignal.Doubt) ? IntakeIntent.Unclear : IntakeIntent.Report;
    }

    /// <summary>"不对，…", and the same after an apology or a time ("抱歉刚才写错了，是6号楼3单元", "不好意思打错了").</summary>
    private bool StartsWithCorrection(string t)
    {
        var start = 0;
        for (var leadIns = 0; leadIns <= 3; leadIns++)
        {
            while (start < t.Length && IsClauseSeparator(t[start]))
            {
                start++;
            }

            if (start >= t.Length)
            {
                return false;
            }

            if (_rules.CorrectionStarts.TryMatchAt(t, start, out var entry))
            {
                return entry.Value;
            }

            if (CorrectionLeadIns.FirstOrDefault(w => t.AsSpan(start).StartsWith(w, StringComparison.Ordinal)) is not { } leadIn)
            {
                return false;
            }

            start += leadIn.Length;
        }

        return false;
    }

    private static readonly string[] CorrectionLeadIns = ["不好意思", "对不起", "抱歉", "sorry", "哎呀", "哎", "呃", "哦", "噢", "我刚才", "我刚刚", "刚才", "刚刚", "前面"];

    /// <summary>
    /// "【转】夏季用电安全十不要…", "转：明天停电检修": a notice passed on is no report, like an advert (the model may still
    /// read one in it); the resident's own words under it, on a line of their own, may be.
    /// </summary>
    private static bool IsForward(string text)
    {
        // Read in place: every message passes here, and trimming a copy of it would cost an allocation each time.
        var t = text.AsSpan().TrimStart();
        if (t.Contains('\n'))
        {
            return false;
        }

        foreach (var mark in ForwardMarks)
        {
            if (t.StartsWith(mark, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Words of the advice a safety notice gives.</summary>
    private static readonly string[] NoticeAdvice = ["请勿", "切勿", "严禁", "不要", "小常识", "注意事项", "请拨打", "提醒大家", "温馨提示", "高发期", "请广大"];

    private static readonly string[] ForwardMarks =
        ["【转】", "【转发】", "转发：", "转发:", "转：", "转:", "【通知】", "通知：", "通知:", "【温馨提示】", "温馨提示：", "【提醒】", "【紧急通知】"];

    private IntakeSignal ScanSignals(string t)
    {
        var state = (Text: t, Found: IntakeSignal.None);
        _rules.Signals.ScanAll(t, ref state, static (ref (string Text, IntakeSignal Found) state, PhraseIndex<IntakeSignal>.Match m) =>
        {
            var signal = m.Entry.Value;
            if (signal.HasFlag(IntakeSignal.Resolved) && m.Start > 0 && state.Text[m.Start - 1] is '不' or '没')
            {
                signal &= ~IntakeSignal.Resolved; // "灯不亮了" is not "亮了", "不能用了" is not "能用了"
            }

            state.Found |= signal;
        });
        return state.Found;
    }

    /// <summary>Clauses between punctuation or spaces; a connector inside a clause ("…坏了还有垃圾…") starts a new one.</summary>
    private List<Clause> SplitClauses(string t)
    {
        var clauses = new List<Clause>();
        var connectorNext = false;
        var i = 0;
        while (i < t.Length)
        {
            if (IsClauseSeparator(t[i]))
            {
                i++;
                continue;
            }

            var end = i;
            while (end < t.Length && !IsClauseSeparator(t[end]))
            {
                end++;
            }

            // A list number on its own ("1. 路灯坏了 2. 垃圾没人清") marks the next clause as a new item.
            if (end - i <= 2 && t.AsSpan(i, end - i).ContainsAnyExceptInRange('0', '9') is false)
            {
                connectorNext = true;
                i = end;
                continue;
            }

            var start = i;
            var lead = connectorNext ? Lead.Start : Lead.None;
            var announces = true;
            connectorNext = false;
            for (var j = i; j < end;)
            {
                if (_rules.Connectors.TryMatchAt(t.AsSpan(0, end), j, out var entry))
                {
                    if (entry.Value)
                    {
                        if (j > start)
                        {
                            clauses.Add(new Clause(start, j, lead));
                            start = j;
                            lead = Lead.Inside;
                        }
                        else
                        {
                            lead = Lead.Start;
                            announces = Announces(t.AsSpan(j + entry.Phrase.Length, end - j - entry.Phrase.Length));
                        }
                    }

                    j += entry.Phrase.Length;
                }
                else
                {
                    j++;
                }
            }

            clauses.Add(new Clause(start, end, lead) { Announces = announces });
            i = end;
        }

        return clauses;
    }

    private List<Hit> FindHits(string t, List<Clause> clauses)
    {
        var hits = new List<Hit>();
        var drill = Array.Exists(Drills, d => t.Contains(d, StringComparison.Ordinal));
        foreach (var clause in clauses)
        {
            foreach (var match in _rules.Lexicon.Scan(t.AsSpan(clause.Start, clause.End - clause.Start)))
            {
                var start = clause.Start + match.Start;
                var before = t.AsSpan(clause.Start, start - clause.Start);
                var negated = IsNegated(before);
                var supposed = IsSupposition(before) || (match.Entry.Value.Hazard == IntakeHazards.Violence && ToldAsPast(t, start));
                var urgent = match.Entry.Value.Hazard is not null && !drill && !negated && !IsUrgentNegated(before) && !supposed;
                hits.Add(new Hit(start, start + match.Entry.Phrase.Length, match.Entry.Value, negated, urgent) { Feared = supposed && !negated && match.Entry.Value.Hazard is not null });
            }
        }

        if (FindPairs(t, clauses, hits, drill))
        {
            hits.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        }

        return hits;
    }

    /// <summary>
    /// Co-occurrence rules: an anchor ("转钱") with a cue ("正在", "马上", "拦不住") close to it in the same sentence.
    /// Adds a hit at the anchor for every rule that fires; true when any did.
    /// </summary>
    private bool FindPairs(string t, List<Clause> clauses, List<Hit> hits, bool drill)
    {
        var added = false;
        var sentenceEnd = -1; // where the sentence of the last anchor ends: anchors come in order, so one pass finds them all
        foreach (var match in _rules.PairAnchors.Scan(t))
        {
            var rules = match.Entry.Value;
            if (rules.Length == 0)
            {
                continue;
            }

            var start = match.Start;
            var end = match.End;
            var clauseStart = ClauseStart(clauses, start);
            var before = t.AsSpan(clauseStart, start - clauseStart);
            var negated = IsNegated(before);
            var blocked = drill || negated || IsUrgentNegated(before) || IsSupposition(before);
            if (sentenceEnd < end)
            {
                sentenceEnd = end;
                while (sentenceEnd < t.Length && !IsSentenceEnd(t[sentenceEnd]))
                {
                    sentenceEnd++;
                }
            }

            foreach (var rule in rules)
            {
                if (FindCue(t, clauses, rule, start, end, sentenceEnd, out var cueBlocked))
                {
                    var urgent = rule.Entry.Hazard is not null && !blocked && !cueBlocked;
                    hits.Add(new Hit(start, end, rule.Entry, negated, urgent));
                    added = true;
                }
            }
        }

        return added;
    }

    /// <summary>A cue of the rule within its window before or after the anchor, not across the end of a sentence and not itself negated.</summary>
    /// <param name="sentenceEnd">Where the anchor's sentence ends (the first of ".!?;" from its end, or the end of the text).</param>
    private static bool FindCue(string t, List<Clause> clauses, PairRule rule, int anchorStart, int anchorEnd, int sentenceEnd, out bool blocked)
    {
        blocked = false;
        var from = anchorStart;
        while (from > 0 && anchorStart - from < rule.Window + MaxCueLength && !IsSentenceEnd(t[from - 1]))
        {
            from--;
        }

        // A cue after the anchor starts within the window; one before it ends where the anchor starts.
        var to = Math.Min(sentenceEnd, anchorEnd + rule.Window + 1);

        var found = false;
        for (var i = from; i < to; i++)
        {
            if (i == anchorStart)
            {
                i = anchorEnd - 1;
                continue;
            }

            var limit = i < anchorStart ? anchorStart : sentenceEnd;
            if (!rule.Cues.TryMatchAt(t.AsSpan(0, limit), i, out var cue) || (i < anchorStart && anchorStart - (i + cue.Phrase.Length) > rule.Window))
            {
                continue;
            }

            if (!cue.Value)
            {
                i += cue.Phrase.Length - 1; // inside an ignored phrase
                continue;
            }

            var clauseStart = ClauseStart(clauses, i);
            var before = t.AsSpan(clauseStart, i - clauseStart);
            if (IsUrgentNegated(before))
            {
                i += cue.Phrase.Length - 1;
                continue;
            }

            if (rule.Unless is not null && HasAny(t, rule.Unless, from, Math.Max(anchorEnd, i + cue.Phrase.Length)))
            {
                i += cue.Phrase.Length - 1;
                continue;
            }

            found = true;
            if (!IsSupposition(before))
            {
                return true;
            }

            blocked = true;
            i += cue.Phrase.Length - 1;
        }

        return found;
    }

    private static bool HasAny(string t, PhraseIndex<bool> phrases, int from, int to)
    {
        var span = t.AsSpan(0, to);
        for (var i = from; i < to; i++)
        {
            if (phrases.TryMatchAt(span, i, out var found) && found.Value)
            {
                return true;
            }
        }

        return false;
    }

    private static int ClauseStart(List<Clause> clauses, int position)
    {
        foreach (var clause in clauses)
        {
            if (position < clause.End)
            {
                return Math.Min(clause.Start, position);
            }
        }

        return position;
    }

    private static List<Draft> Group(string t, List<Clause> clauses, List<Hit> hits, LocationParser places)
    {
        var drafts = new List<Draft>();
        Draft? current = null;
        var h = 0;
        var carriedStart = false;
        Clause? heldPlace = null;
        foreach (var listed in clauses)
        {
            // "还有个事 电梯按钮坏了": a connector in a clause that says nothing else starts the next one.
            var clause = carriedStart && listed.Lead == Lead.None ? listed with { Lead = Lead.Start } : listed;
            carriedStart = false;
            var scores = new int[IntakeCategories.All.Count];
            string? hazard = null;
            for (; h < hits.Count && hits[h].Start < clause.End; h++)
            {
                if (!hits[h].Negated)
                {
                    Add(scores, hits[h].Entry.Weights);
                }

                if (hits[h].Urgent)
                {
                    hazard = IntakeHazards.Graver(hazard, hits[h].Entry.Hazard);
                }
            }

            var best = Best(scores);
            if (clause.Lead == Lead.Start && clause.Announces && scores[best] == 0 && current is not null)
            {
                carriedStart = true;
            }

            // "… 还有中心花园 狗屎到处都是": a connector with only a spot starts the problem told next, at that spot; when
            // nothing follows that tells of one, the spot stays with the problem before.
            if (heldPlace is { } spot)
            {
                heldPlace = null;
                if (current is not null && scores[best] >= MinScore && current.BestScore >= MinScore && drafts.Count + 1 < MaxProblems)
                {
                    drafts.Add(current);
                    current = new Draft(spot.Start, clause.End, scores, hazard, listedSeparately: true);
                    continue;
                }

                current?.Extend(spot.End, new int[scores.Length], null);
            }

            if (clause.Lead == Lead.Start && !clause.Announces && scores[best] == 0 && current is { BestScore: >= MinScore }
                && places.Parse(t, clause.Start, clause.End) is not null)
            {
                heldPlace = clause;
                continue;
            }

            // "冒火星子 还有焦糊味": a clause telling more of the same danger continues that problem; so does one more thing
            // named on a list of the same mess ("死老鼠 … 还有好多蟑螂"), where a broken thing named so ("还有门禁") is one of its
            // own, and so is a mess at a spot of its own ("电动车乱停 … 还有垃圾站那边老鼠满地跑").
            var sameDanger = hazard is not null && current?.Hazard == hazard;
            var sameMess = clause.Lead == Lead.Start && !clause.Announces && best == EnvironmentIndex && current?.Best == best
                && places.Parse(t, clause.Start, clause.End) is null;
            if (current is not null && !sameDanger && !sameMess && current.BestScore >= MinScore && scores[best] >= MinScore && drafts.Count + 1 < MaxProblems
                && (clause.Lead == Lead.Start || (clause.Lead == Lead.Inside && scores[best] >= AlsoSplitScore) || (scores[best] >= AlsoSplitScore && best != current.Best && ClauseHasAlso(clause))))
            {
                drafts.Add(current);
                current = null;
            }

            if (current is null)
            {
                current = new Draft(clause.Start, clause.End, scores, hazard, clause.Lead == Lead.Start);
            }
            else
            {
                current.Extend(clause.End, scores, hazard);
            }
        }

        if (heldPlace is { } last)
        {
            current?.Extend(last.End, new int[IntakeCategories.All.Count], null);
        }

        if (current is not null)
        {
            drafts.Add(current);
        }

        // A connector inside a sentence ("晚上还有野猫去翻") may only continue the same problem: when the parts on
        // both sides end up in the same category, they are one problem. One after a pause or a list number is a new item,
        // unless it tells of the same danger.
        for (var d = drafts.Count - 1; d > 0; d--)
        {
            var sameCategory = !drafts[d].ListedSeparately && drafts[d].Best == drafts[d - 1].Best;
            var sameDanger = drafts[d].Hazard is not null && drafts[d].Hazard == drafts[d - 1].Hazard;
            if (sameCategory || sameDanger)
            {
                drafts[d - 1].Absorb(drafts[d]);
                drafts.RemoveAt(d);
            }
        }

        return drafts;

        bool ClauseHasAlso(Clause clause)
        {
            var words = t.AsSpan(clause.Start, clause.End - clause.Start);
            for (var i = words.IndexOf('也'); i >= 0; i = words[(i + 1)..].IndexOf('也') is var next and >= 0 ? i + 1 + next : -1)
            {
                if (!NobodyCares(words[(i + 1)..]) && !SameHere(words[(i + 1)..]))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>"邻居家也有", "楼下也一样": 也 of a comparison with the problem told, not of a further one.</summary>
    private static bool SameHere(ReadOnlySpan<char> after) =>
        after is "有" or "是" || after.StartsWith("一样", StringComparison.Ordinal) || after.StartsWith("这样", StringComparison.Ordinal)
        || after.StartsWith("那样", StringComparison.Ordinal);

    /// <summary>"谁家遛狗也不管", "也没人管", "俺一个人也不会弄": 也 of a complaint or of helplessness about the same problem, not of a further one.</summary>
    private static bool NobodyCares(ReadOnlySpan<char> after)
    {
        foreach (var words in NobodyCaresWords)
        {
            if (after.StartsWith(words, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] NowWords = ["现在", "正在", "还在", "刚才", "刚刚", "这会儿", "此刻", "今天", "今儿", "马上", "快来"];

    /// <summary>What happens again and again ("这半年老回来闹 我不答应就摔碗砸东西"), told like the past.</summary>
    private static readonly string[] PastOrHabit = [.. PastWords, "这半年", "这几个月", "这几年", "这些年", "每次", "每回", "不答应就", "一喝酒就", "一喝多就", "动不动就"];

    /// <summary>
    /// "昨天半夜两口子又打起来了 女的哭着喊救命": a fight the sentence sets in the past, or tells as a habit, stays there in
    /// its next clauses, unless the words after it turn to now ("昨天就吵 今天又打起来了 喊救命").
    /// </summary>
    private static bool ToldAsPast(string t, int at)
    {
        var start = at;
        while (start > 0 && !IsSentenceEnd(t[start - 1]))
        {
            start--;
        }

        var sentence = t.AsSpan(start, at - start);
        var past = -1;
        foreach (var word in PastOrHabit)
        {
            past = Math.Max(past, sentence.LastIndexOf(word, StringComparison.Ordinal));
        }

        if (past < 0)
        {
            return false;
        }

        var after = sentence[past..];
        foreach (var word in NowWords)
        {
            if (after.Contains(word, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static readonly string[] NobodyCaresWords = ["不管", "没人管", "没人问", "不收拾", "不清理", "不处理", "不打扫", "不理", "没人理",
        "不会弄", "不会修", "弄不了", "修不了", "弄不好", "没办法", "没法弄", "不认识", "不熟", "不听", "没用"];

    private static bool IsNegated(ReadOnlySpan<char> before) =>
        (before.EndsWith("不是", StringComparison.Ordinal) && !before.EndsWith("是不是", StringComparison.Ordinal))
        || before.EndsWith("不是什么", StringComparison.Ordinal) || before.EndsWith("并非", StringComparison.Ordinal);

    private static bool IsUrgentNegated(ReadOnlySpan<char> before)
    {
        if (before.EndsWith("是不是", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var negation in UrgentNegations)
        {
            if (before.EndsWith(negation, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a supposition, a past or hearsay word stands in <paramref name="before"/>; "怕" counts where it first
    /// stands unless that is "可怕", "害怕" or "恐怕". One pass over the text (it runs for every urgent word and cue).
    /// </summary>
    private static bool IsSupposition(ReadOnlySpan<char> before)
    {
        var firstFear = true;
        for (var i = 0; i < before.Length; i++)
        {
            if (!SuppositionIndex.TryMatchAt(before, i, out var word))
            {
                continue;
            }

            if (word.Phrase != "怕")
            {
                return true;
            }

            if (firstFear)
            {
                firstFear = false;
                if (!(i > 0 && before[i - 1] is '可' or '害' or '恐'))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static readonly PhraseIndex<bool> SuppositionIndex = new(Suppositions.Select(w => KeyValuePair.Create(w, true)));

    private static void Add(int[] scores, int[] weights)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] += weights[i];
        }
    }

    private static int Best(int[] scores)
    {
        var best = TiePriority[0];
        foreach (var i in TiePriority)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>How a clause begins: plainly, with a connector after a pause ("，还有…", "2. …"), or with one inside a sentence.</summary>
    private enum Lead
    {
        None,
        Start,
        Inside,
    }

    private readonly record struct Clause(int Start, int End, Lead Lead)
    {
        /// <summary>
        /// A connector that opens the clause announces another matter ("还有个事", "另外"), rather than adding one more
        /// thing to a list ("全是烟头饮料瓶 还有西瓜皮"): only then does a clause with no problem of its own carry
        /// the start of a new problem to the next clause.
        /// </summary>
        public bool Announces { get; init; } = true;
    }

    /// <summary>What follows a connector in its clause: nothing, or words about a matter ("个事", "一个问题", "说一下"), not a thing named.</summary>
    private static bool Announces(ReadOnlySpan<char> rest)
    {
        rest = rest.Trim(" 啊呀呢哈吧嘛");
        return rest.IsEmpty || rest.Length > MaxItemLength || rest.IndexOfAny(MatterWords) >= 0;
    }

    private static readonly int EnvironmentIndex = IntakeRules.IndexOf(IntakeCategories.Environment);

    /// <summary>A thing added to a list is named in a few characters ("西瓜皮", "烂水果"); more is a sentence of its own.</summary>
    private const int MaxItemLength = 4;

    private static readonly System.Buffers.SearchValues<char> MatterWords = System.Buffers.SearchValues.Create("事个件点题况就说讲问提句");

    private readonly record struct Hit(int Start, int End, LexEntry Entry, bool Negated, bool Urgent)
    {
        /// <summary>A danger's words after "怕", "万一", "要是": a worry, not a danger seen.</summary>
        public bool Feared { get; init; }
    }

    private sealed class Draft(int start, int end, int[] scores, string? hazard, bool listedSeparately)
    {
        private readonly int[] _scores = scores;

        public int Start { get; } = start;

        public int End { get; private set; } = end;

        public string? Hazard { get; private set; } = hazard;

        /// <summary>Started after a pause with a connector or a list number: a new item even in the same category.</summary>
        public bool ListedSeparately { get; } = listedSeparately;

        public int Best => IntakeAnalyzer.Best(_scores);

        public int BestScore => _scores[Best];

        public void Extend(int end, int[] more, string? hazard)
        {
            End = end;
            Add(_scores, more);
            Hazard = IntakeHazards.Graver(Hazard, hazard);
        }

        public void Absorb(Draft next) => Extend(next.End, next._scores, next.Hazard);
    }
}
