using Microsoft.Extensions.Options;
using NeighborBot.Directory;
using NeighborBot.Intake;
using NeighborBot.Tickets;
using NeighborBot.Wording;

namespace NeighborBot.Conversations;

/// <summary>
/// The resident's side of the conversation: understands a report, asks only for what is missing
/// (the place when neither the message nor the bound household gives it; the problem when unclear),
/// opens tickets, takes answers, corrections, cancels, photos and voice, and the fixed commands.
/// Urgent problems are opened at once with safety advice, and the place is asked afterwards.
/// </summary>
/// <remarks>
/// A turn may run twice for one delivery (see <see cref="IResponder"/>); tickets are opened with the
/// delivery's id as source, so a rerun returns the same tickets.
/// </remarks>
internal sealed class ResidentResponder(
    IntakeService intake,
    TicketDesk desk,
    TicketCommands commands,
    HouseholdBindings bindings,
    DirectoryCache directory,
    SafetyGuidance safety,
    Handover handover,
    Router router,
    IOptions<ConversationOptions> options,
    TimeProvider time) : IResponder
{
    /// <summary>After this many unanswered questions the bot opens the ticket anyway (or drops a photo-only draft).</summary>
    private const int MaxAsks = 2;

    /// <summary>A photo sent without a conversation goes to the person's latest open ticket changed this recently.</summary>
    private static readonly TimeSpan RecentTicket = TimeSpan.FromHours(24);

    /// <summary>How long after a report the person's messages may be more about it (<see cref="FollowsReportAsync"/>).</summary>
    private static readonly TimeSpan EmergencyFollowUp = TimeSpan.FromMinutes(30);

    /// <summary>How long after a report news that turns it into an emergency still makes that ticket urgent (it is still open).</summary>
    private static readonly TimeSpan UrgentTurnWithin = TimeSpan.FromHours(4);

    /// <summary>How soon the next message must come to be read with a piece the bot could not use on its own.</summary>
    private static readonly TimeSpan FragmentWithin = TimeSpan.FromMinutes(3);

    /// <summary>The most characters of a report that may only be saying where the report before it is.</summary>
    private const int ShortPlaceWords = 16;

    /// <summary>The longest run of pieces kept for the next message.</summary>
    private const int MaxFragment = 60;

    /// <summary>How long after a report a place said on its own still sharpens the report's vague place.</summary>
    private static readonly TimeSpan PlaceCorrectionWithin = TimeSpan.FromMinutes(30);

    public async Task<TurnResult> RespondAsync(PersonKey who, Conversation conversation, Inbound message, CancellationToken cancellationToken)
    {
        var turn = new Turn(who, conversation.State ?? new ConversationState(), conversation.Profile, message, cancellationToken);
        return message switch
        {
            FollowIn { Scene: { } scene } when HouseholdScene(scene) is { } id => await BindAsync(turn, id),
            FollowIn => turn.Say(ResidentTexts.Welcome),
            ScanIn { Scene: { } scene } when HouseholdScene(scene) is { } id => await BindAsync(turn, id),
            ScanIn or TapIn => turn.Say(ResidentTexts.Help),
            TextIn { Text.Length: > 0 } text => await TextAsync(turn, text.Text),
            TextIn { Spoken: true } voice => await AttachAsync(turn, new TicketAttachment("voice", voice.MediaId, null, Now)),
            MediaIn media => await AttachAsync(turn, new TicketAttachment(media.Kind, media.MediaId, media.Url, Now)),
            PlaceIn place => await PlaceAsync(turn, place),
            UnfollowIn => new TurnResult(null, null),
            UnansweredIn due when conversation.State is { ReportAwaitsAnswer: true } waiting && waiting.Version == due.Version => await FileUnansweredAsync(turn),
            UnansweredIn => new TurnResult(null, conversation.State),
            _ => new TurnResult(null, turn.State),
        };
    }

    private DateTimeOffset Now => time.GetUtcNow();

    private async Task<TurnResult> TextAsync(Turn turn, string text)
    {
        // "對了，物業電話是多少？", "主幹道那邊": every word list below is in simplified characters; "怎么 还没 人来",
        // typed word by word, is read as one run of words.
        text = ResidentWords.WordByWordJoined(TraditionalChinese.ToSimplified(text));
        switch (ResidentCommands.Parse(text))
        {
            case ResidentCommands.Progress:
                return await ProgressAsync(turn);
            case ResidentCommands.Cancel cancel:
                return await CancelTicketAsync(turn, cancel.Number);
            case ResidentCommands.Bind bind:
                return await RequestBindingAsync(turn, bind.Household);
            case ResidentCommands.Broadcasts choice:
                return Broadcasts(turn, choice.Off);
            case ResidentCommands.Rate rate when await RateAsync(turn, rate, text) is { } rated:
                return rated;
        }

        // A piece kept from the message before is for this message only.
        var fragment = turn.State.Fragment is { } piece && Now - turn.State.LastActiveAt <= FragmentWithin ? piece : null;
        turn = turn with { State = turn.State with { Fragment = null } };
        var state = turn.State;
        if (StaffResponder.Parse(text) is { Verb: not "帮助" })
        {
            // A worker's command from someone who is not a worker: never a report.
            return turn.Say(ResidentTexts.WithDraftNote(ResidentTexts.StaffCommandFromResident, Waiting(state.Draft)));
        }

        if (ResidentWords.IsHandover(text))
        {
            return await handover.StartAsync(turn.Who, turn.Profile, turn.State, text, turn.Message.DedupeId, turn.Message.Group, turn.Cancellation);
        }

        if (Handover.Holds(turn.Profile, Now, options.Value.HandoverFor))
        {
            // A person holds the conversation: the bot keeps quiet (commands above still work).
            return new TurnResult(null, state);
        }

        if (ResidentWords.IsBotQuestion(text))
        {
            // "你是真人还是机器人啊" while a report waits for its place: answered, and the report keeps waiting.
            return turn.Say(ResidentTexts.WithDraftNote(ResidentTexts.AboutTheBot, Waiting(state.Draft)));
        }

        var understood = intake.Analyze(text);
        if (!understood.IsTicket && ResidentWords.AfterGreeting(text) is { } afterGreeting && intake.Analyze(afterGreeting) is { IsTicket: true } behind)
        {
            // "你好 家里马桶堵了 冲不下去 急死了": a greeting before a report does not make it small talk.
            understood = behind;
        }

        if (fragment is not null && understood.IsTicket && state is { Draft: null, Awaiting: Question.None }
            && intake.Analyze(fragment + " " + text) is { IsTicket: true } whole && whole.Problems.Count == understood.Problems.Count
            && ((whole.Urgent && !understood.Urgent) || (whole.Location is not null && understood.Location is null)))
        {
            // "我在厕所里头", then "摔了一跤 爬不起来了": one report typed in pieces; the piece before says where, or how bad.
            understood = whole;
        }

        if (fragment is { Length: <= BareCallOff } && ResidentWords.IsCallingOff(fragment) && state.Draft is null && await ReasonForCallingOffAsync(turn, understood, text) is { } calledOff)
        {
            return calledOff;
        }

        if (fragment is not null && understood is { IsTicket: true, Location: null } && state is { Draft: null, Awaiting: Question.None }
            && (await directory.GetAsync(turn.Cancellation)).PlaceIn(fragment) is { } spot)
        {
            // "快递柜", then "我车位又被人占了": the community's spot said first is where the report is, as a pin would be.
            state = state with { LastPlace = new PlaceGiven(new TicketLocation(null, null, null, spot.Name), Now, PendingPin: true) };
            turn = turn with { State = state };
        }
        if (!understood.Urgent && state is { Draft: null, Awaiting: Question.None } && ResidentWords.QuestionAndRest(text) is var (question, rest)
            && (FactAnswer(question) ?? (ResidentWords.IsFactQuestion(question) ? ResidentTexts.NoFactAnswer : null)) is { } answer
            && !ResidentWords.IsFactQuestion(rest) && !ResidentWords.IsHearsay(rest) && !ResidentWords.IsErrand(rest) && intake.Analyze(rest) is { IsTicket: true } report)
        {
            // "物业电话是多少啊 我家马桶堵了": the question is answered and the problem reported, read without the question
            // ("问下明天停水吗 听说要检修管子": what was heard about the question is no report, nor is the errand the question
            // is for: "周六上班吗 我想帮我妈去问点事").
            var reported = await ReportAsync(turn, report, rest, null);
            return reported.Reply is TextReply { Text: var said } ? reported with { Reply = new TextReply(answer + "\n" + said) } : reported;
        }

        if (!understood.Urgent && ResidentWords.IsQuestion(text) && FactAnswer(text) is { } fact)
        {
            // A question the community has answered ("物业电话多少"): the answer, and no ticket; a report waiting for its place keeps waiting.
            return turn.Say(ResidentTexts.WithDraftNote(fact, Waiting(state.Draft)));
        }

        if (!understood.Urgent && state is { Draft: null, Awaiting: Question.None } && ResidentWords.IsHearsayQuestion(text)
            && understood.Problems.All(p => p.Category is not (IntakeCategories.Fraud or IntakeCategories.Consult or IntakeCategories.Wish)))
        {
            // "听邻居说昨天7号楼着火了 是真的吗": asking whether something heard of happened, not reporting it. A scam or a
            // policy heard of is still asked about through a ticket (fraud, consult).
            return turn.Say(ResidentTexts.HearsayAnswer);
        }

        if (!understood.Urgent && ResidentWords.IsFactQuestion(text))
        {
            // "不是报修 我就是问问 暖气啥时候烧": the question is answered and the report asked about before is not filed.
            return ResidentWords.IsJustAsking(text) && state.Draft is not null
                ? turn.Say(ResidentTexts.NoFactAnswer, state with { Draft = null, Awaiting = Question.None, Withdrawn = state.Draft })
                : turn.Say(ResidentTexts.WithDraftNote(ResidentTexts.NoFactAnswer, Waiting(state.Draft)));
        }

        if (state.Awaiting == Question.RatingReason && state.AboutTicket is { } lowRated && (!understood.Urgent || ResidentWords.SaysStill(text)))
        {
            // "窗框的缝没打胶 雨还是往里灌": what is still wrong with the fix, however urgent its words, is the reason asked for.
            await commands.ExplainRatingAsync(turn.Who, lowRated, text.Trim(), turn.Cancellation);
            return turn.Say(ResidentTexts.RatingReasonNoted, state with { Awaiting = Question.None, AboutTicket = null });
        }

        if (understood.Intent != IntakeIntent.Cancel && !understood.Urgent
            && (((text.Length <= MaxCallOff || state.Draft is not null || state.Tickets.Count > 1) && ResidentWords.IsCallingOff(text))
                || (ResidentWords.CallsOffAtAnEnd(text) && (state.Tickets.Count > 0 || await HasOpenTicketAsync(turn)))
                || (state.Tickets.Count > 1 && text.Split(ClauseBreaks, StringSplitOptions.RemoveEmptyEntries) is [var opening, ..] && ResidentWords.IsCallingOff(opening))))
        {
            // "不用了", "垃圾那个不要了", "车库那个不用管了 刚下去看 已经亮了": a message that calls something off, whatever the
            // words of the report it names suggest (short, or while there is more than one report to call off; then
            // also when only its first clause does: "楼上那个先撤了吧 刚楼上阿姨下来道歉了 说以后注意").
            understood = new IntakeResult(IntakeIntent.Cancel, [], understood.Location);
        }

        if (await AfterResolveAsync(turn, text, understood) is { } judged)
        {
            return judged;
        }

        // "快点啊 都三个钟头了还没人管": saying how long they have waited, with no place of a new problem, is about the report
        // before, unless the words besides the chase still tell of danger now ("都两个小时了 老人摔地上起不来").
        var waitedWithoutDanger = ResidentWords.IsChaseAfterWaiting(text) && !intake.Analyze(ResidentWords.WithoutChase(text)).Urgent;
        if (ResidentWords.IsChase(text) && (!understood.IsTicket || text.Length <= 20 || (understood.Location is null && (!understood.Urgent || waitedWithoutDanger)))
            && await ChaseAsync(turn, text) is { } chased)
        {
            return chased;
        }

        if ((ResidentWords.AsksWhyStillThere(text) && await HasOpenTicketAsync(turn)) || await AsksAfterOwnAsync(turn, understood, text))
        {
            // "东门那些电动车咋还在那", "电梯修得咋样了 有进度没": a question about the report made before, answered with its progress.
            return await ProgressAsync(turn);
        }

        if (!understood.Urgent && understood.Location is null && (state.Draft is not null || state.Tickets.Count > 0)
            && ResidentWords.SaysItWasWrong(text) && RoomOnly(text) is not null)
        {
            // "写错了 是402 刚搬来门牌号还记不住": the room is put right, whatever else the words say.
            return await CorrectAsync(turn, new IntakeResult(IntakeIntent.Correction, [], null), text);
        }

        if (await PlaceOfLastAsync(turn, understood, text) is { } whereItIs)
        {
            return whereItIs;
        }

        // "她电话139… 直接打给她" after a report: the number is for the report, not a scam told (however 电话 and digits read).
        // "对了 小区大门那个道闸也坏了" is a second problem, however it opens.
        // "刚才忘说了 是北门那个闸机", hours after "小区大门人行闸机坏了": where the report before is, on the community's map.
        if (ResidentWords.Addition(text) is { } addition && (!understood.Urgent || ResidentWords.IsBarePhoneNumber(text))
            && !(understood.IsTicket && text.TrimStart().StartsWith("对了", StringComparison.Ordinal) && ResidentWords.IsNewProblem(text)))
        {
            var placedBack = !ResidentWords.IsNewProblem(text) && ToTicket(intake.ExtractLocation(addition)) is { } toldPlace
                ? await PlaceForLastAsync(turn, toldPlace, referredBack: true)
                : null;
            if ((placedBack ?? await AddAsync(turn, addition)) is { } added)
            {
                return added;
            }
        }

        if (await MakesUrgentAsync(turn, understood, text) is { } worse)
        {
            return worse;
        }

        if (await FollowsReportAsync(turn, understood, text) && await AddAsync(turn, text.Trim()) is { } update)
        {
            return update;
        }
        if (IsUndo(text, state.Withdrawn is not null) && !understood.Urgent && (state.Withdrawn is not null || state.Tickets.Count > 0))
        {
            return await UndoCancelAsync(turn, Named(ToTicket(understood.Location), await SpokenPlaceAsync(turn, text)), text);
        }

        if (ResidentWords.IsJustAsking(text) && state.Draft is not null)
        {
            return turn.Say(ResidentTexts.NotRegistered, state with { Draft = null, Awaiting = Question.None, Withdrawn = state.Draft });
        }

        if (ResidentWords.IsJustAsking(text) && await JustOpenedAsync(turn) is { } onlyAsked)
        {
            await commands.CancelAsync(turn.Who, onlyAsked.Number, turn.Cancellation);
            return turn.Say(ResidentTexts.NotRegistered, state with { LocationFor = [], Awaiting = Question.None });
        }

        if (understood.Intent == IntakeIntent.Cancel && await WithdrawOneAsync(turn, text) is { } withdrawn)
        {
            return withdrawn;
        }

        if (understood.Intent == IntakeIntent.Cancel && (state.Draft is not null || state.Awaiting != Question.None))
        {
            return turn.Say(ResidentTexts.Cancelled, state with { Draft = null, Awaiting = Question.None, LocationFor = [], Withdrawn = state.Draft });
        }

        if (state.Awaiting == Question.Category && state.Draft is { Choices: { } choices } asked)
        {
            if (Choose(text, choices) is { } chosen)
            {
                return await ContinueDraftAsync(turn, asked with { Problems = [.. asked.Problems.Select(p => p with { Category = chosen })], Choices = null, Asked = 0 });
            }

            if (understood.Problems is [var told] && choices.Contains(told.Category) && asked.Problems is [var before])
            {
                // "我家老头子早上七点出去买菜", asked which kind, then "到现在还没回来 电话也打不通": the same story told on, one of
                // the kinds asked about; one ticket holds both.
                var storyOn = turn with { State = state with { Draft = null, Awaiting = Question.None } };
                return await ReportAsync(storyOn, understood, before.Text + " " + text, asked with { Problems = [], Choices = null, Asked = 0 });
            }

            var namesPlace = understood.Location is not null || intake.ExtractLocation(text) is not null
                || (await directory.GetAsync(turn.Cancellation)).PlaceIn(text) is not null;
            if (!understood.IsTicket && understood.Intent != IntakeIntent.Correction && !namesPlace)
            {
                return asked.Asked + 1 < MaxAsks
                    ? turn.Say(ResidentTexts.AskCategory(choices), state with { Draft = asked with { Asked = asked.Asked + 1 } })
                    : await ContinueDraftAsync(turn, asked with { Choices = null, Asked = 0 });
            }

            // A place or a new report instead of an answer: the first one goes with the likelier category and waits for its place if it needs one.
            state = state with { Draft = asked with { Choices = null, Asked = 0 }, Awaiting = Question.Location };
            turn = turn with { State = state };
            var answersWhere = namesPlace && !understood.Urgent && (text.Length <= 16 || ResidentWords.AnswersWhere(text));
            if (understood.IsTicket && understood.Intent != IntakeIntent.Correction && !answersWhere)
            {
                return await ReportAsync(turn, understood, text, state.Draft);
            }
        }

        if (state.Awaiting == Question.Location && !understood.Urgent && understood.Location is null && ResidentWords.IsWorry(text)
            && await SpokenPlaceAsync(turn, text) is null)
        {
            // "我腿脚不好 怕摔着": why it matters, not a new report; the question stands.
            var outdoor = state.Draft?.Problems.Any(p => ResidentWords.IsOutdoor(p.Text)) ?? false;
            return turn.Say(ResidentTexts.Understood + (outdoor ? ResidentTexts.AskOutdoorPlace : ResidentTexts.AskLocation));
        }

        // The answer to "where?" is read as a place unless it tells of a new danger (one intake names: an urgency the model
        // guessed in "刚才做饭去了 就在北门边上" is none); "3号楼2单元的" is no report of its own, nor is "8号楼1单元 三楼到五楼都不亮"
        // about the light the bot asked about, nor "南门进来右手边 离门口没几步" or "主干道上 中间那一截", where no word tells of a problem.
        if (state.Awaiting == Question.Location && (!understood.IsTicket || (!NamesDanger(understood)
            && (intake.ExtractLocation(text) is not null
                || ((ResidentWords.AnswersWhere(text) || !understood.WordsTellOfProblem) && (await directory.GetAsync(turn.Cancellation)).PlaceIn(text) is not null))
            && (text.Length <= 12 || ResidentWords.AnswersWhere(text) || !understood.WordsTellOfProblem
                || (state.Draft is { Problems: [_, ..] } waitingDraft && waitingDraft.Problems.All(p => p.Category == understood.Category))))))
        {
            var location = Named(ToTicket(understood.Location ?? intake.ExtractLocation(text)), await SpokenPlaceAsync(turn, text, answering: understood));
            if (location is null && ResidentWords.IsPuttingOff(text))
            {
                // "晚上回去看清是哪根再说": the report waits for its place, without asking again now.
                return turn.Say(ResidentTexts.PlaceLater);
            }

            if (location is null && understood.Intent is IntakeIntent.Thanks or IntakeIntent.Greeting or IntakeIntent.ProgressQuery)
            {
                // Not an answer to "where?" but a message of its own: answered as such; the report keeps waiting for its place.
                var aside = understood.Intent == IntakeIntent.ProgressQuery ? await ProgressAsync(turn) : turn.Say(understood.Intent == IntakeIntent.Thanks ? ResidentTexts.Thanks : ResidentTexts.Help);
                return turn.Say(ResidentTexts.WithDraftNote(((TextReply)aside.Reply!).Text, Waiting(state.Draft)));
            }

            return await LocationAnswerAsync(turn, location);
        }

        if (state.Awaiting == Question.Problem && state.Draft is { } waiting && understood.IsTicket)
        {
            return await ReportAsync(turn, understood, text, waiting);
        }

        if (!understood.Urgent && understood.Location is not null && (state.Draft is not null || state.Tickets.Count > 0) && ResidentWords.SaysItWasWrong(text))
        {
            // "哎呀俺说差了 不是东门 是北门": the place is put right; what else the words suggest is not a report.
            understood = new IntakeResult(IntakeIntent.Correction, [], understood.Location);
        }

        if (understood.Intent == IntakeIntent.Correction
            || (!understood.IsTicket && (state.Draft is not null || state.Tickets.Count > 0) && NamesUnitOrRoomOnly(text, understood)))
        {
            // "是602", "不对，是602": a room or a unit alone, said after a report, is the report's, corrected.
            return await CorrectAsync(turn, understood, text);
        }

        // "坏的是西门那个杆子" after "大门那个抬杆坏了": a few words of the same problem that only say where it is.
        var placeOnly = !understood.IsTicket
            || (understood is { Urgent: false, Problems.Count: 1 } && text.Length <= ShortPlaceWords && !ResidentWords.IsNewProblem(text));
        if (placeOnly && ToTicket(understood.Location ?? intake.ExtractLocation(text)) is { } bare
            && await PlaceForLastAsync(turn, bare, understood.IsTicket ? understood.Category : null) is { } placed)
        {
            return placed;
        }

        return understood.Intent switch
        {
            IntakeIntent.Report => await ReportAsync(turn, understood, text, state.Draft),
            IntakeIntent.Thanks => turn.Say(ResidentTexts.Thanks),
            IntakeIntent.ProgressQuery => await ProgressAsync(turn),
            IntakeIntent.Cancel => await CancelWithoutDraftAsync(turn, text),
            _ when ResidentWords.IsCallingOff(text) && state.Draft is null => await CancelWithoutDraftAsync(turn, text),
            IntakeIntent.Greeting => turn.Say(ResidentWords.IsFestivalGreeting(text) ? ResidentTexts.FestivalGreeting : ResidentTexts.Help, Keep(state, fragment, text)),
            _ when state.Awaiting == Question.Problem => AskAgainOrDrop(turn),
            _ => turn.Say(state.Turns == 0 ? ResidentTexts.Help : ResidentTexts.NotUnderstood, Keep(state, fragment, text)),
        };
    }

    /// <summary>A report: urgent problems are opened at once; others when their place is known, else the place is asked.</summary>
    private async Task<TurnResult> ReportAsync(Turn turn, IntakeResult understood, string text, TicketDraft? draft)
    {
        var home = await HomeAsync(turn);
        var messageLocation = ToTicket(understood.Location) ?? draft?.Location;
        var attachments = draft?.Attachments ?? [];
        if (turn.Message is TextIn { Spoken: true } voice)
        {
            attachments = [.. attachments, new TicketAttachment("voice", voice.MediaId, null, Now, text)];
        }

        var single = understood.Problems.Count == 1;
        var spoken = await SpokenPlaceAsync(turn, text);
        var problems = new List<DraftProblem>(understood.Problems.Count);
        foreach (var p in understood.Problems)
        {
            // Each of several problems at the spot of the map its own words name ("…电梯按钮不亮了 2. 快递柜旁边…"),
            // over a place an earlier problem gave; one with no place of its own, from a bound resident, goes by her home
            // or is asked about, never by a place a later problem names.
            var ownSpot = single ? null : await SpokenPlaceAsync(turn, p.Text);
            var fallback = single || home is null ? messageLocation : draft?.Location;
            var location = ownSpot ?? Named(ToTicket(p.Location) ?? fallback, single || home is null ? spoken : null);
            problems.Add(new DraftProblem(p.Category, p.Urgent, p.Hazard, single ? text : p.Text, location));
        }

        var sourceId = turn.Message.DedupeId;
        var opened = new List<Ticket>();
        var needPlace = new List<string>();

        // A report still waiting for its place is kept, not replaced: the place of this message is this message's.
        var carried = draft?.Problems ?? [];
        if (draft is { Choices: null, Problems: [var fragment] } && turn.State.Awaiting == Question.Location
            && problems is [{ Urgent: false, Location: null } more] && more.Category == fragment.Category
            && (fragment.Text.Length <= FragmentLength || (!understood.WordsTellOfProblem && !ResidentWords.IsNewProblem(text))))
        {
            // "电体", asked where, then "不动了 按了半天也没反应": the rest of the report waiting for its place, not a second one.
            // So is more of the story in words that name no problem of their own ("上去说过两回了，人家门都不开").
            problems[0] = fragment with { Text = fragment.Text + " " + more.Text };
            carried = [];
        }

        var waiting = new List<DraftProblem>(carried);
        if (understood.Choices is { } choices && problems is [{ Urgent: false } unsure] && !router.SameHandler(choices[0], choices[1], unsure.Text))
        {
            // Unsure between two categories that are handled differently: ask rather than guess. When both reach the
            // same handler (物业 for a garbage complaint and a sanitation problem), the likelier one is filed at once.
            var asking = new TicketDraft { SourceId = sourceId, Problems = [unsure], Attachments = attachments, Choices = choices };
            var carriedNote = carried.Count > 0 ? ResidentTexts.StillWaiting(Waiting(draft)!) + "\n" : string.Empty;
            return turn.Say(carriedNote + ResidentTexts.AskCategory(choices), turn.State with { Draft = asking, Awaiting = Question.Category });
        }

        for (var i = 0; i < problems.Count; i++)
        {
            var problem = problems[i];
            var (location, household) = await PlaceOfAsync(turn, problem, home);
            if (location is null && !problem.Urgent && NeedsPlace(problem.Category))
            {
                waiting.Add(problem);
                continue;
            }

            var ticket = await OpenAsync(turn, problem, location, household, attachments, $"{sourceId}#{i}");
            opened.Add(ticket);
            if (location is null && NeedsPlace(problem.Category))
            {
                needPlace.Add(ticket.Number);
            }
        }

        needPlace = [.. turn.State.LocationFor, .. needPlace];
        var state = turn.State with
        {
            Draft = waiting.Count == 0 ? null : new TicketDraft { SourceId = carried.Count > 0 ? draft!.SourceId : sourceId, Problems = waiting, Attachments = attachments },
            Awaiting = waiting.Count > 0 || needPlace.Count > 0 ? Question.Location : Question.None,
            LocationFor = needPlace,
            Tickets = [.. turn.State.Tickets, .. opened.Select(t => t.Number)],
            LastPlace = Remembered(turn.State.LastPlace, problems.Select(p => p.Location).FirstOrDefault(l => l is not null) ?? opened.Select(t => t.Location).FirstOrDefault(l => l is not null)),
        };
        var advice = problems.Where(p => p.Urgent).Select(p => safety.For(p.Hazard)).Distinct().ToList();
        var ask = waiting.Any(p => ResidentWords.IsOutdoor(p.Text)) ? ResidentTexts.AskOutdoorPlace : ResidentTexts.AskLocation;
        var question = state.Awaiting != Question.Location ? null
            : carried.Count > 0 && opened.Count > 0 ? ResidentTexts.StillWaiting(Waiting(state.Draft)!) + ask
            : ask;
        return turn.Say(ResidentTexts.Opened(opened, advice, question), state) with
        {
            GroupReply = GroupTexts.Opened(opened, advice, state.Awaiting == Question.Location),
        };
    }

    /// <summary>The answer to "where?": fills the draft and the urgent tickets opened without a place.</summary>
    private async Task<TurnResult> LocationAnswerAsync(Turn turn, TicketLocation? location)
    {
        var state = turn.State;
        if (location is null)
        {
            var asked = (state.Draft?.Asked ?? 0) + 1;
            if (asked < MaxAsks)
            {
                return turn.Say(ResidentTexts.AskLocationAgain, state with { Draft = state.Draft is null ? null : state.Draft with { Asked = asked } });
            }

            // Elderly residents may not manage to say it; the worker will ask them.
            var late = state.Draft is { } d ? await OpenDraftAsync(turn, d, null, null) : [];
            return turn.Say(ResidentTexts.LocationLater(late), state with
            {
                Draft = null,
                Awaiting = Question.None,
                LocationFor = [],
                Tickets = [.. state.Tickets, .. late.Select(t => t.Number)],
            }) with { GroupReply = late.Count > 0 ? GroupTexts.Opened(late, [], false) : GroupTexts.Later };
        }

        var household = await HouseholdAtAsync(turn, location);
        var grid = TicketDesk.GridOf(await directory.GetAsync(turn.Cancellation), location, household) ?? turn.Message.Group?.Grid;
        var updated = new List<Ticket>();
        foreach (var number in state.LocationFor)
        {
            var result = await desk.ChangeAsync(number, t => t.SetPlace(turn.Who.ToString(), location, household, grid, Now), turn.Cancellation);
            if (result.Ticket is { } ticket)
            {
                updated.Add(ticket);
            }
        }

        var opened = state.Draft is { } draft ? await OpenDraftAsync(turn, draft, location, household) : [];
        var next = state with
        {
            Draft = null,
            Awaiting = Question.None,
            LocationFor = [],
            Tickets = [.. state.Tickets, .. opened.Select(t => t.Number)],
            LastPlace = Remembered(state.LastPlace, location),
        };
        var reply = opened.Count > 0 ? ResidentTexts.Opened(opened, [], null) : string.Empty;
        if (updated.Count > 0)
        {
            reply = ResidentTexts.LocationAdded(updated) + (reply.Length > 0 ? "\n" + reply : string.Empty);
        }

        return turn.Say(reply.Length > 0 ? reply : ResidentTexts.NotUnderstood, next) with
        {
            GroupReply = opened.Count > 0 ? GroupTexts.Opened(opened, [], false) : updated.Count > 0 ? "已补充位置，谢谢。" : null,
        };
    }

    /// <summary>"不对，是4号楼" / "不是漏水，是堵了": fixes the draft, or the ticket just opened.</summary>
    private async Task<TurnResult> CorrectAsync(Turn turn, IntakeResult understood, string text)
    {
        var location = ToTicket(understood.Location ?? intake.ExtractLocation(text)) ?? RoomOnly(text);
        if (location?.Place is { } spot && (await directory.GetAsync(turn.Cancellation)).OwnName(spot, text) is { } own)
        {
            // "是幼儿园门口那儿": the community's name of the spot ("幼儿园门口") over the intake's general one ("幼儿园").
            location = location with { Place = own };
        }

        // "不是漏水 是堵了" puts the kind right; "哦不对，是502，我记成他楼上那家了" the room, and what its other words
        // suggest (楼上那家) is no new kind.
        var category = location is not null ? null : understood.CorrectedCategory ?? (understood.IsTicket ? understood.Category : null);
        var state = turn.State;
        if (state.Draft is { } draft)
        {
            var fixedDraft = draft with
            {
                Problems = [.. draft.Problems.Select(p => p with { Category = category ?? p.Category, Location = Merge(p.Location, location) ?? p.Location })],
            };
            location = Merge(draft.Problems.Count > 0 ? draft.Problems[0].Location : null, location);
            if (location is not null || fixedDraft.Problems.All(p => p.Location is not null))
            {
                return await LocationAnswerAsync(turn with { State = state with { Draft = fixedDraft } }, location ?? fixedDraft.Problems[0].Location);
            }

            return turn.Say(ResidentTexts.AskLocation, state with { Draft = fixedDraft });
        }

        if (state.Tickets.Count > 0 && (location is not null || category is not null))
        {
            // "不对，是2单元" keeps the building and the room of the ticket and changes the unit.
            location = Merge((await desk.GetAsync(state.Tickets[^1], turn.Cancellation))?.Location, location);
            var household = location is null ? null : await HouseholdAtAsync(turn, location);
            var grid = location is null ? null : TicketDesk.GridOf(await directory.GetAsync(turn.Cancellation), location, household);
            var result = await desk.ChangeAsync(state.Tickets[^1], t => t.Correct(turn.Who.ToString(), text, location, household, grid, category, Now), turn.Cancellation);
            if (result.Done)
            {
                // The place put right is the one remembered for the next report ("打错了 是701", then "还有卫生间下水也堵了").
                return turn.Say(ResidentTexts.Corrected(result.Ticket!), state with { Awaiting = Question.None, LocationFor = [], LastPlace = Remembered(state.LastPlace, result.Ticket!.Location) });
            }
        }

        return understood.IsTicket ? await ReportAsync(turn, understood, text, null) : turn.Say(ResidentTexts.NotUnderstood);
    }

    /// <summary>A photo, video or unrecognised voice: to the draft, to the ticket just opened, or it starts a report.</summary>
    private async Task<TurnResult> AttachAsync(Turn turn, TicketAttachment attachment)
    {
        var state = turn.State;
        if (state.Draft is { } draft)
        {
            var question = state.Awaiting == Question.Problem ? ResidentTexts.AskProblem : ResidentTexts.AskLocation;
            return turn.Say(ResidentTexts.AttachedToDraft(attachment.Kind, question),
                state with { Draft = draft with { Attachments = [.. draft.Attachments, attachment] } });
        }

        var target = state.Tickets.Count > 0 ? state.Tickets[^1] : await RecentOpenTicketAsync(turn);
        if (target is not null)
        {
            var result = await desk.ChangeAsync(target, t => t.Attach(turn.Who.ToString(), attachment, Now), turn.Cancellation);
            if (result.Ticket is { } ticket)
            {
                return turn.Say(ResidentTexts.Attached(attachment.Kind, ticket));
            }
        }

        if (attachment.Kind == "voice")
        {
            return turn.Say(ResidentTexts.VoiceNotUnderstood);
        }

        var started = new TicketDraft { SourceId = turn.Message.DedupeId, Attachments = [attachment] };
        return turn.Say(ResidentTexts.MediaForNewReport, state with { Draft = started, Awaiting = Question.Problem });
    }

    /// <summary>A place picked on the map: the answer to "where?", or kept with the report.</summary>
    private async Task<TurnResult> PlaceAsync(Turn turn, PlaceIn place)
    {
        var label = string.IsNullOrWhiteSpace(place.Label) ? "地图上的位置" : place.Label;
        // The community's own name of the spot first (小广场, not the 广场 inside it), then a building in the label.
        var location = await SpokenPlaceAsync(turn, label) is { Place: not null } spot ? spot
            : ToTicket(intake.ExtractLocation(label)) ?? new TicketLocation(null, null, null, label);
        if (turn.State.Awaiting == Question.Location)
        {
            return await LocationAnswerAsync(turn, location);
        }

        if (turn.State.Draft is null && await PinForLastAsync(turn, location) is { } placed)
        {
            return placed;
        }

        if (turn.State.Draft is null)
        {
            // A pin with nothing being reported is where the next report is (no earlier ticket takes it).
            var pinned = (await SpokenPlaceAsync(turn, label)) ?? location;
            return turn.Say(ResidentTexts.PinNoted(ResidentTexts.Where(pinned)), turn.State with { LastPlace = new PlaceGiven(pinned, Now, PendingPin: true) });
        }

        return await AttachAsync(turn, new TicketAttachment("location", null, null, Now, $"{label} ({place.Latitude:F5},{place.Longitude:F5})"));
    }

    /// <summary>A report asked about (its category chosen) or brought back: opened when its place is known or not needed, else the place is asked.</summary>
    private async Task<TurnResult> ContinueDraftAsync(Turn turn, TicketDraft draft)
    {
        var home = await HomeAsync(turn);
        var state = turn.State with { Withdrawn = null };
        if (draft.Choices is { } choices)
        {
            return turn.Say(ResidentTexts.AskCategory(choices), state with { Draft = draft, Awaiting = Question.Category });
        }

        if (draft.Problems.Any(p => p.Location is null && !p.Urgent && NeedsPlace(p.Category)) && home is null)
        {
            return turn.Say(ResidentTexts.AskLocation, state with { Draft = draft, Awaiting = Question.Location });
        }

        var opened = await OpenDraftAsync(turn, draft, home?.Location, home?.Id);
        return turn.Say(ResidentTexts.Opened(opened, [], null), state with
        {
            Draft = null,
            Awaiting = Question.None,
            Tickets = [.. state.Tickets, .. opened.Select(t => t.Number)],
        }) with { GroupReply = GroupTexts.Opened(opened, [], false) };
    }

    /// <summary>
    /// "不对，还是要修" after "算了": the report comes back, at the place the words now give when it had none ("还是得打药 就中心花园那一片");
    /// after a ticket was kept anyway, the resident is told it stays.
    /// </summary>
    private async Task<TurnResult> UndoCancelAsync(Turn turn, TicketLocation? place, string text)
    {
        if (turn.State.Withdrawn is { } withdrawn)
        {
            return await ContinueDraftAsync(turn, withdrawn with { Problems = [.. withdrawn.Problems.Select(p => p with { Location = p.Location ?? place })] });
        }

        // Of several reports, the one the words name ("车库的灯还是要修哈 别一块撤了" keeps the garage's, which nobody called off).
        Ticket? last;
        if (turn.State.Tickets.Count > 1)
        {
            var tickets = await ConversationTicketsAsync(turn);
            last = Pick(text, [.. tickets.Select(t => t.Text)]) is { } named ? tickets[named]
                : tickets is [.., var latest] && latest.Number == turn.State.Tickets[^1] ? latest : null;
        }
        else
        {
            last = await desk.GetAsync(turn.State.Tickets[^1], turn.Cancellation);
        }

        if (last is { Status: TicketStatus.Cancelled } cancelled)
        {
            // A cancelled ticket is not brought back to life; the same report is opened again.
            var again = new DraftProblem(cancelled.Category, cancelled.Urgent, null, cancelled.Text, cancelled.Location);
            return await ContinueDraftAsync(turn, new TicketDraft { SourceId = turn.Message.DedupeId, Problems = [again], Attachments = cancelled.Attachments });
        }

        return turn.Say(last is { IsOpen: true } ? ResidentTexts.NotWithdrawn + ResidentTexts.Status(last.Status) : ResidentTexts.NotUnderstood);
    }

    /// <summary>"第二个不用了", "垃圾那个不用了": one of several reports is called off, the others stay. Null when the message names none.</summary>
    private async Task<TurnResult?> WithdrawOneAsync(Turn turn, string text)
    {
        var state = turn.State;
        if (state.Draft is { Problems.Count: > 1 } draft && PickCalledOff(text, [.. draft.Problems.Select(p => p.Text)]) is { } i)
        {
            var rest = draft with { Problems = [.. draft.Problems.Where((_, k) => k != i)] };
            return turn.Say(ResidentTexts.Cancelled, state with { Draft = rest, Withdrawn = draft with { Problems = [draft.Problems[i]] } });
        }

        if (state.Draft is null && state.Tickets.Count > 1)
        {
            var tickets = (await ConversationTicketsAsync(turn)).FindAll(t => t.IsOpen);
            if (tickets.Count > 1 && PickCalledOff(text, [.. tickets.Select(t => t.Text)]) is { } k)
            {
                return await CancelTicketAsync(turn, tickets[k].Number);
            }
        }

        return null;
    }

    /// <summary>The tickets opened in this conversation, in the order opened.</summary>
    private async Task<List<Ticket>> ConversationTicketsAsync(Turn turn)
    {
        var tickets = new List<Ticket>(turn.State.Tickets.Count);
        foreach (var number in turn.State.Tickets)
        {
            if (await desk.GetAsync(number, turn.Cancellation) is { } ticket)
            {
                tickets.Add(ticket);
            }
        }

        return tickets;
    }

    /// <summary>
    /// The report a call-off names, read first in the clause that calls off: "那个灯泡的事不用了啊" of "那个灯泡的事不用了啊
    /// 我外甥给换上了 收音机那个还得麻烦你们", where the rest names the one to keep; then in the whole text.
    /// </summary>
    private static int? PickCalledOff(string text, IReadOnlyList<string> reports) =>
        (text.Split(ClauseBreaks, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(ResidentWords.IsCallingOff) is { } clause ? Pick(clause, reports) : null)
        ?? Pick(text, reports);

    private static readonly char[] ClauseBreaks = [' ', ',', '，', '。', '.', '!', '！', '?', '？', '；', ';'];

    /// <summary>Which of several reports a message names: by its place in the list ("第二个", "后面那个") or by a word of it ("垃圾那个").</summary>
    private static int? Pick(string text, IReadOnlyList<string> reports)
    {
        string[][] ordinals = [["第一个", "第1个", "前面那个", "前一个", "头一个"], ["第二个", "第2个", "后面那个", "后一个"], ["第三个", "第3个"]];
        for (var i = 0; i < Math.Min(ordinals.Length, reports.Count); i++)
        {
            if (ordinals[i].Any(o => text.Contains(o, StringComparison.Ordinal)))
            {
                return i;
            }
        }

        // A two-character word of the message found in exactly one report.
        var matches = new HashSet<int>();
        for (var c = 0; c + 2 <= text.Length; c++)
        {
            var word = text.AsSpan(c, 2);
            if (word.ContainsAny(CancelWords) || !char.IsLetter(word[0]) || !char.IsLetter(word[1]))
            {
                continue;
            }

            for (var i = 0; i < reports.Count; i++)
            {
                if (reports[i].AsSpan().IndexOf(word, StringComparison.Ordinal) >= 0)
                {
                    matches.Add(i);
                }
            }
        }

        if (matches.Count == 0)
        {
            // "灯那个不要了": a single character of the message found in exactly one report.
            foreach (var c in text)
            {
                if (CancelWords.Contains(c) || !char.IsLetter(c))
                {
                    continue;
                }

                var holding = Enumerable.Range(0, reports.Count).Where(i => reports[i].Contains(c, StringComparison.Ordinal)).ToList();
                if (holding.Count == 1)
                {
                    matches.Add(holding[0]);
                }
            }
        }

        return matches.Count == 1 ? matches.First() : null;
    }

    private static readonly System.Buffers.SearchValues<char> CancelWords = System.Buffers.SearchValues.Create("那个不用了要算取消修");

    /// <summary>A message longer than this that calls something off may tell of more; it is read as the model reads it.</summary>
    private const int MaxCallOff = 12;

    /// <summary>
    /// "是602", "不对，是2单元", "搞错了 602室": a unit or a room and nothing else (a building would be a new place, read
    /// as such), with at most the words of a correction around it.
    /// </summary>
    private static bool NamesUnitOrRoomOnly(string text, IntakeResult understood)
    {
        if (text.Length > MaxPlaceCorrection)
        {
            return false;
        }

        var location = ToTicket(understood.Location) ?? RoomOnly(text);
        if (location is not { Building: null } || (location.Unit is null && location.Room is null))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && !PlaceCorrectionCharacters.Contains(c))
            {
                return false;
            }
        }

        return true;
    }

    private const int MaxPlaceCorrection = 16;

    private static readonly System.Buffers.SearchValues<char> PlaceCorrectionCharacters = System.Buffers.SearchValues.Create(
        "零〇一二三四五六七八九十百幺两单元门室层户号#- ,.!?，。！？、是在的啊呢吧就住我家俺不对错了搞说写打应该更正纠那个");

    /// <summary>The answer to "请问是：1 … 2 …": the number, or words of one choice.</summary>
    internal static string? Choose(string text, IReadOnlyList<string> choices)
    {
        var t = text.Trim().TrimEnd('。', '.', '!', '！', '吧', '啊');
        string[][] numbers = [["1", "１", "一", "第一个", "第1个", "选1", "1号"], ["2", "２", "二", "第二个", "第2个", "选2", "2号"]];
        for (var i = 0; i < Math.Min(numbers.Length, choices.Count); i++)
        {
            if (numbers[i].Contains(t, StringComparer.Ordinal) || (t.Length <= 6 && t.StartsWith(numbers[i][0], StringComparison.Ordinal) && !char.IsDigit(t.ElementAtOrDefault(1))))
            {
                return choices[i];
            }
        }

        var named = choices.Where(c => ChoiceWords(c).Any(w => t.Contains(w, StringComparison.Ordinal))).ToList();
        return named.Count == 1 ? named[0] : null;
    }

    private static string[] ChoiceWords(string category) => category switch
    {
        IntakeCategories.Repair => ["报修", "维修", "修", "坏"],
        IntakeCategories.Hazard => ["隐患", "危险", "安全"],
        IntakeCategories.Dispute => ["纠纷", "调解", "邻居", "吵"],
        IntakeCategories.Consult => ["咨询", "政策", "问问", "打听"],
        IntakeCategories.Property => ["物业", "意见", "投诉"],
        IntakeCategories.Environment => ["卫生", "环境", "垃圾", "脏"],
        IntakeCategories.Fraud => ["诈骗", "骗"],
        IntakeCategories.Wish => ["求助", "心愿", "帮忙", "帮"],
        _ => [],
    };

    /// <summary>"不对，还是要修", "还是要吧", "别取消"; a longer message says it too when a report was just withdrawn ("不中 … 还是得打药 就中心花园那一片").</summary>
    private static bool IsUndo(string text, bool withdrawn) =>
        text.Length <= (withdrawn ? 60 : 20) && (text.Contains("还是要", StringComparison.Ordinal) || text.Contains("还是需要", StringComparison.Ordinal)
            || text.Contains("不取消", StringComparison.Ordinal) || text.Contains("别取消", StringComparison.Ordinal) || text.Contains("还得修", StringComparison.Ordinal)
            || text.Contains("还是修", StringComparison.Ordinal) || text.Contains("还要修", StringComparison.Ordinal) || text.Contains("还是得", StringComparison.Ordinal));

    /// <summary>A question about policy or a possible scam is answered wherever the resident lives: no place is asked.</summary>
    private string? FactAnswer(string text) =>
        options.Value.Answers.FirstOrDefault(a => a.Words.Any(w => w.Length > 0 && text.Contains(w, StringComparison.Ordinal)))?.Answer;

    /// <summary>A report this short ("电体", "楼道灯") is a fragment: what comes next of its kind tells the rest of it.</summary>
    private const int FragmentLength = 8;

    private static bool NeedsPlace(string category) => category is not (IntakeCategories.Consult or IntakeCategories.Fraud);

    /// <summary>The place said later over the one said before: a new building replaces it all, a unit or a room replaces only itself.</summary>
    private static TicketLocation? Merge(TicketLocation? before, TicketLocation? now)
    {
        if (now is null || before is null || (now.Building is { } b && before.Building is { } old && b != old))
        {
            return now;
        }

        var numbered = now.Building is not null || now.Unit is not null || now.Room is not null;
        return new TicketLocation(now.Building ?? before.Building, now.Unit ?? before.Unit, now.Room ?? before.Room, now.Place ?? (numbered ? null : before.Place));
    }

    /// <summary>"不对，是502": a room number alone in a correction.</summary>
    private static TicketLocation? RoomOnly(string text)
    {
        var digits = System.Text.RegularExpressions.Regex.Match(text, "(?<![0-9])[1-9][0-9]{2,3}(?![0-9年元块米斤栋楼幢])", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(50));
        return digits.Success ? new TicketLocation(null, null, digits.Value, null) : null;
    }

    private static TurnResult AskAgainOrDrop(Turn turn)
    {
        var draft = turn.State.Draft!;
        return draft.Asked + 1 < MaxAsks
            ? turn.Say(ResidentTexts.AskProblem, turn.State with { Draft = draft with { Asked = draft.Asked + 1 } })
            : turn.Say(ResidentTexts.NotUnderstood, turn.State with { Draft = null, Awaiting = Question.None });
    }

    /// <summary>
    /// Words about a ticket just resolved or closed: a judgement ("挺好的，师傅很负责👍", "还行吧，就是来得有点晚")
    /// rates it, and "还是不亮啊" reopens it. Null when the words are about something else.
    /// </summary>
    private async Task<TurnResult?> AfterResolveAsync(Turn turn, string text, IntakeResult understood)
    {
        var own = await desk.ListOwnAsync(turn.Who, 20, turn.Cancellation);
        if (ResidentWords.IsBackAgain(text))
        {
            var recent = own.Where(t => t.Status == TicketStatus.Resolved || (t.Status == TicketStatus.Closed && Now - t.ClosedAt < commands.ReopenWithin))
                .Where(t => !understood.IsTicket || understood.Category == t.Category || understood.Location is null)
                .OrderByDescending(t => t.ResolvedAt ?? t.ClosedAt)
                .FirstOrDefault();
            if (recent is not null)
            {
                var reopened = recent.Status == TicketStatus.Resolved
                    ? await commands.RateAsync(turn.Who, recent.Number, 1, text.Trim(), turn.Cancellation)
                    : await commands.ReopenAsync(turn.Who, recent.Number, text.Trim(), turn.Cancellation);
                if (reopened.Done)
                {
                    if (recent.Status == TicketStatus.Resolved)
                    {
                        await commands.ExplainRatingAsync(turn.Who, recent.Number, text.Trim(), turn.Cancellation);
                    }

                    // What the resident says next about it ("师傅捅了两下就走了") goes on the ticket as the reason.
                    var next = recent.Status == TicketStatus.Resolved ? turn.State with { Awaiting = Question.RatingReason, AboutTicket = recent.Number } : turn.State;
                    return turn.Say(ResidentTexts.BackAgain(recent), next) with { GroupReply = GroupTexts.Rated(recent, false) };
                }
            }
        }

        // "亮堂了 谢谢物业 满意👍👍", "还行吧 就是拖到下午才弄": a rating in a sentence, even one intake would file
        // (praise of the 物业 is its category), unless the sentence also brings a new problem or a danger.
        // A danger that intake names (gas, a lift, water…) is a new report; an urgency the model guessed with no danger of its
        // kind ("总算出来了 还行吧 等了快半小时" after a rescue) is not, nor is the danger the ticket was about, told as what it
        // did ("还行吧 就是等了快半小时 地板都泡了" after a burst pipe).
        if (ResidentWords.Rating(text) is not { } score
            || own.Where(t => t.Status == TicketStatus.Resolved).OrderByDescending(t => t.ResolvedAt).FirstOrDefault() is not { } resolved)
        {
            return null;
        }

        var toldOfIt = understood.WordsDanger is { } danger && ResidentWords.AboutDanger(danger, resolved.Text) && !ResidentWords.SaysStill(text);
        if (understood.IsTicket && text.Length > 12 && ((NamesDanger(understood) && !toldOfIt) || ResidentWords.IsNewProblem(text)))
        {
            return null;
        }

        var outcome = await commands.RateAsync(turn.Who, resolved.Number, score, text.Trim(), turn.Cancellation);
        if (!outcome.Done)
        {
            return null;
        }

        return Rated(turn, resolved, score);
    }

    /// <summary>
    /// The answer to a rating. Below <see cref="Ticket.SatisfiedFrom"/> the ticket was reopened; at it or
    /// below, the bot asks one question about what went wrong and records the answer on the ticket.
    /// </summary>
    private static TurnResult Rated(Turn turn, Ticket ticket, int score)
    {
        var unhappy = score < Ticket.SatisfiedFrom;
        var text = unhappy ? ResidentTexts.RatedUnhappy(ticket) : score == Ticket.SatisfiedFrom ? ResidentTexts.RatedMiddling(ticket) : ResidentTexts.Rated(ticket);
        var next = score <= Ticket.SatisfiedFrom ? turn.State with { Awaiting = Question.RatingReason, AboutTicket = ticket.Number } : turn.State;
        return turn.Say(text, next) with { GroupReply = GroupTexts.Rated(ticket, !unhappy) };
    }

    /// <summary>催单: the ticket named, else the latest one still being worked on; null when there is none.</summary>
    private async Task<TurnResult?> ChaseAsync(Turn turn, string text)
    {
        var own = await desk.ListOwnAsync(turn.Who, 20, turn.Cancellation);
        var named = ResidentCommands.NumberIn(text);
        var active = own.Where(t => t.IsActive).ToList();
        var target = active.FirstOrDefault(t => t.Number == named || t.ShortNumber == named)
            ?? active.OrderByDescending(t => turn.State.Tickets.Contains(t.Number)).ThenByDescending(t => t.CreatedAt).FirstOrDefault();
        if (target is null)
        {
            return own.Count > 0 ? turn.Say(ResidentTexts.NothingToChase) : null;
        }

        var result = await commands.ChaseAsync(turn.Who, target.Number, text.Trim(), turn.Cancellation);
        var ticket = result.Ticket ?? target;
        var handler = ticket.Assignee is { } id ? (await directory.GetAsync(turn.Cancellation)).Person(id) : null;
        return turn.Say(ResidentTexts.Chased(ticket, handler)) with { GroupReply = GroupTexts.Chased(ticket) };
    }

    /// <summary>
    /// "6号楼3单元" on its own after a ticket was opened without a place (urgent ones are): the place of that ticket.
    /// "西门" on its own soon after a ticket placed at a spot the community's map does not know (大门, from "小区门口"):
    /// the resident is saying which one, and the ticket's place is corrected.
    /// A message that says it adds to what was said (<paramref name="referredBack"/>: "刚才忘说了 是北门那个") does so for
    /// as long as an addition is taken, to the person's latest report once the conversation is forgotten.
    /// </summary>
    private async Task<TurnResult?> PlaceForLastAsync(Turn turn, TicketLocation location, string? category = null, bool referredBack = false)
    {
        if (turn.State.Draft is not null)
        {
            return null;
        }

        var last = turn.State.Tickets is [.., var lastNumber] ? await desk.GetAsync(lastNumber, turn.Cancellation)
            : referredBack && (await desk.ListOwnAsync(turn.Who, 1, turn.Cancellation)) is [var latest] && Now - latest.CreatedAt <= options.Value.AdditionWithin ? latest
            : null;
        if (last is not { IsActive: true } || (category is not null && last.Category != category))
        {
            return null;
        }

        if (last.Location is null)
        {
            return await LocationAnswerAsync(turn with { State = turn.State with { LocationFor = [last.Number] } }, location);
        }

        var snapshot = await directory.GetAsync(turn.Cancellation);
        // "6号楼", then "1单元 302"; "俺妹子住9号楼", then "补充一下 俺妹子家是9号楼4单元602": the unit and room of the building named.
        var building = last.Location.Building;
        var fillsIn = building is not null && last.Location is { Unit: null, Room: null, Place: null } && location.Place is null
            && (location.Building ?? building) == building && (location.Unit is not null || location.Room is not null);
        var vague = fillsIn || (last.Location is { Building: null, Place: { } before } && snapshot.GridOfPlace(before) is null);
        var sharper = fillsIn || location.Building is not null || (location.Place is { } after && snapshot.GridOfPlace(after) is not null);
        var within = referredBack ? options.Value.AdditionWithin : PlaceCorrectionWithin;
        return vague && sharper && NotTakenYet(last) && Now - last.CreatedAt <= within
            ? await PlaceLastAsync(turn, last.Number, location with { Building = building ?? location.Building }, snapshot)
            : null;
    }

    /// <summary>
    /// A pin sent soon after a report whose words named no place on the community's map (it went by the reporter's
    /// home, or by a spot not on the map) is where that report is, while nobody has taken it.
    /// </summary>
    private async Task<TurnResult?> PinForLastAsync(Turn turn, TicketLocation pinned)
    {
        if (turn.State is not { Draft: null, Tickets: [.., var lastNumber] }
            || await desk.GetAsync(lastNumber, turn.Cancellation) is not { } last || !NotTakenYet(last) || Now - last.CreatedAt > PinWithin)
        {
            return null;
        }

        var snapshot = await directory.GetAsync(turn.Cancellation);
        var named = ToTicket(intake.ExtractLocation(last.Text));
        var namedOnMap = named is { Building: not null } || (named?.Place is { } spot && snapshot.GridOfPlace(spot) is not null) || snapshot.PlaceIn(last.Text) is not null;
        return namedOnMap || last.Location == pinned ? null : await PlaceLastAsync(turn, lastNumber, pinned, snapshot);
    }

    private static readonly TimeSpan PinWithin = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan EarlierReportWithin = TimeSpan.FromDays(1);

    /// <summary>Nobody has taken it yet: still to be routed (dispatch runs in the background), or routed and not accepted.</summary>
    private static bool NotTakenYet(Ticket ticket) => ticket.AwaitsDispatch || ticket.AwaitsAcceptance;

    /// <summary>The place of the report just opened, corrected by the resident (told to whoever has it, routed again if it must).</summary>
    private async Task<TurnResult?> PlaceLastAsync(Turn turn, string number, TicketLocation location, DirectorySnapshot snapshot)
    {
        var household = await HouseholdAtAsync(turn, location);
        var grid = TicketDesk.GridOf(snapshot, location, household);
        var words = turn.Message is TextIn { Text: var text } ? text : ResidentTexts.Where(location);
        var result = await desk.ChangeAsync(number, t => t.Correct(turn.Who.ToString(), words, location, household, grid, null, Now), turn.Cancellation);
        return result.Done
            ? turn.Say(ResidentTexts.Corrected(result.Ticket!), turn.State with { Awaiting = Question.None, LocationFor = [], LastPlace = Remembered(turn.State.LastPlace, location) })
            : null;
    }

    /// <summary>
    /// A message soon after a report that is more about it than a new one: "窗户全打开了 总阀也关了" after an
    /// urgent report (unless it tells of another danger), or "心里还是不踏实 找人来看看吧" after any report (a
    /// report intake is unsure of, at no other place; or one of the same kind, or a plea for help, with no
    /// place of its own; never one marked as new with 还有/另外).
    /// </summary>
    private async Task<bool> FollowsReportAsync(Turn turn, IntakeResult understood, string text)
    {
        if (turn.State is not { Draft: null, Awaiting: Question.None or Question.Location, Tickets: [.., var lastNumber] } || understood.Intent is IntakeIntent.Correction or IntakeIntent.Cancel)
        {
            return false;
        }

        var last = await desk.GetAsync(lastNumber, turn.Cancellation);
        if (last is not { IsActive: true } || Now - last.CreatedAt > EmergencyFollowUp)
        {
            return false;
        }

        if (turn.State.Awaiting == Question.Location)
        {
            // While the bot waits for an emergency's place, only more of the same danger ("要开窗吗 我不敢开灯" after a gas
            // smell) is news of it; anything else may be the place.
            return last is { Urgent: true, Hazard: { } hazard } && understood.Location is null && understood.WordsDanger == hazard;
        }

        var place = ToTicket(understood.Location);
        var samePlace = place is null || (last.Location is { } at && Merge(at, place) == at);
        if (place is null && !understood.Urgent && !ResidentWords.IsNewProblem(text) && (ResidentWords.SaysItWasWrong(text) || ResidentWords.IsWorry(text)))
        {
            // "说错了 不是卫生间 是厨房顶上" puts right what the report said, "娃光着脚在那跑 看着就闹心" says why it
            // matters: either joins the report.
            return true;
        }

        if (last.Urgent)
        {
            // An urgent reading that names no danger of its own ("总阀也关了 人先出来了") is news of the one in hand.
            // News of the emergency in hand joins it ("总阀也关了 人先出来了", "我在门口守着呢"); only a new problem or
            // a fire or gas of its own ("厨房着火了" after a leak) is a second emergency.
            return samePlace && !ResidentWords.IsNewProblem(text)
                && !understood.Problems.Any(p => p.Urgent && p.Hazard is IntakeHazards.Fire or IntakeHazards.Gas && p.Hazard != last.Hazard);
        }

        return understood is { IsTicket: true, Urgent: false } && !ResidentWords.IsNewProblem(text) && !ResidentWords.IsCallingOff(text)
            && (understood.Choices is not null
                ? samePlace
                : (place is null || (samePlace && (!NeedsPlace(last.Category) || ResidentWords.Elaborates(text))))
                    && understood.Problems.All(p => p.Category == last.Category || p.Category is IntakeCategories.Wish or IntakeCategories.Consult
                        || (ResidentWords.IsLeak(last.Text) && ResidentWords.IsLeak(text) && (p.Category, last.Category) is (IntakeCategories.Repair, IntakeCategories.Dispute))));
    }

    /// <summary>
    /// "6号楼2单元302 租的房子" soon after a report filed without a place it did not need (a question about a residence
    /// permit): words that name a place and no problem are where that ticket is.
    /// </summary>
    private async Task<TurnResult?> PlaceOfLastAsync(Turn turn, IntakeResult understood, string text)
    {
        if (turn.State is not { Draft: null, Awaiting: Question.None, Tickets: [.., var lastNumber] } || understood.WordsTellOfProblem
            || understood.Intent == IntakeIntent.Cancel || ToTicket(understood.Location ?? intake.ExtractLocation(text)) is not { } location)
        {
            return null;
        }

        var last = await desk.GetAsync(lastNumber, turn.Cancellation);
        if (last is not { IsActive: true, Location: null } || Now - last.CreatedAt > EmergencyFollowUp)
        {
            return null;
        }

        var placed = await LocationAnswerAsync(turn with { State = turn.State with { LocationFor = [last.Number], Awaiting = Question.Location } }, location);
        if (ResidentWords.Addition(text) is not null)
        {
            // "我住4号楼1单元203 房子是租的 有租房合同 电话158…": the rest of the words go on the ticket too.
            await commands.AddDetailAsync(turn.Who, last.Number, text.Trim(), turn.Cancellation);
        }

        return placed;
    }

    /// <summary>
    /// "到现在没回来 电话不接 他有点老年痴呆" soon after "老头子早上出去买菜": news that turns the problem of the report just
    /// made into an emergency (one urgent problem of the same kind, about what the report told of, at no other place)
    /// makes that ticket urgent, with the advice for the danger, instead of opening a second ticket beside it, while
    /// it is open and for some hours after it was made ("顶上哗哗往下流 都淌到客厅了" forty minutes after a drip).
    /// </summary>
    private async Task<TurnResult?> MakesUrgentAsync(Turn turn, IntakeResult understood, string text)
    {
        if (turn.State is not { Draft: null } || understood.Problems is not [{ Urgent: true, Hazard: { } hazard } problem]
            || ResidentWords.IsNewProblem(text))
        {
            return null;
        }

        // The report may be older than the conversation, which is forgotten after half an hour of quiet: then it is the person's last.
        var last = turn.State.Tickets is [.., var lastNumber]
            ? await desk.GetAsync(lastNumber, turn.Cancellation)
            : (await desk.ListOwnAsync(turn.Who, 1, turn.Cancellation)) is [var latest] ? latest : null;
        var place = ToTicket(understood.Location);
        if (last is not { IsActive: true, Urgent: false } || Now - last.CreatedAt > UrgentTurnWithin || problem.Category != last.Category
            || !ResidentWords.AboutDanger(hazard, last.Text) || (place is not null && last.Location is { } at && Merge(at, place) != at))
        {
            return null;
        }

        if ((await commands.MakeUrgentAsync(turn.Who, last.Number, text.Trim(), hazard, turn.Cancellation)).Ticket is not { Urgent: true } ticket)
        {
            return null;
        }

        var advice = safety.For(hazard);
        return turn.Say(ResidentTexts.MadeUrgent(ticket, advice)) with { GroupReply = GroupTexts.MadeUrgent(ticket, advice) };
    }

    /// <summary>
    /// An urgent problem whose danger the words name (gas, a lift, water…), not an urgency the model alone guessed
    /// ("房子在2号楼1单元301 我妈以前住那" is a place, whatever the model reads in it).
    /// </summary>
    private static bool NamesDanger(IntakeResult understood) => understood.Urgent && understood.WordsDanger is not null;

    /// <summary>Whether any of the person's tickets is still being worked on, in this conversation or before it.</summary>
    private async Task<bool> HasOpenTicketAsync(Turn turn) => (await desk.ListOwnAsync(turn.Who, 20, turn.Cancellation)).Any(t => t.IsActive);

    /// <summary>The ticket this conversation opened a moment ago that nobody has taken yet, or null.</summary>
    private async Task<Ticket?> JustOpenedAsync(Turn turn) =>
        turn.State.Tickets is [.., var lastNumber] && await desk.GetAsync(lastNumber, turn.Cancellation) is { } t
            && (t.AwaitsDispatch || t.Status == TicketStatus.Assigned) && Now - t.CreatedAt <= EmergencyFollowUp ? t : null;

    /// <summary>补充: words or a phone number for the report being asked about, or for the last open ticket; null when there is none.</summary>
    private async Task<TurnResult?> AddAsync(Turn turn, string addition)
    {
        var state = turn.State;
        if (state.Draft is { Problems: [var first, ..] } draft)
        {
            var more = draft with { Problems = [first with { Text = first.Text + "；" + addition }, .. draft.Problems.Skip(1)] };
            var question = state.Awaiting == Question.Category && draft.Choices is { } choices ? ResidentTexts.AskCategory(choices) : ResidentTexts.AskLocation;
            return turn.Say("记下了。" + question, state with { Draft = more });
        }

        var own = await desk.ListOwnAsync(turn.Who, 10, turn.Cancellation);
        var target = own.Where(t => t.IsOpen && t.Status != TicketStatus.Resolved && Now - t.CreatedAt <= options.Value.AdditionWithin)
            .OrderByDescending(t => state.Tickets.Contains(t.Number))
            .ThenByDescending(t => t.CreatedAt)
            .FirstOrDefault();
        if (target is null)
        {
            return null;
        }

        var result = await commands.AddDetailAsync(turn.Who, target.Number, addition, turn.Cancellation);
        if (result.Ticket is not { } ticket)
        {
            return null;
        }

        // News of an emergency whose place the bot still waits for ("要开窗吗 我不敢开灯"): its advice again, and the question.
        var still = state.Awaiting == Question.Location && ticket.Urgent ? "\n" + safety.For(ticket.Hazard) + "\n" + ResidentTexts.AskLocation : string.Empty;
        return turn.Say(ResidentTexts.Added(ticket) + still) with { GroupReply = GroupTexts.Added(ticket) };
    }

    /// <summary>
    /// Words that ask after a report, short, naming no place and no danger, from a resident with a report of that kind
    /// still open: a question about it, not the same report again.
    /// </summary>
    private async Task<bool> AsksAfterOwnAsync(Turn turn, IntakeResult understood, string text) =>
        understood is { AsksProgress: true, Urgent: false, Location: null } && text.Length <= MaxProgressQuestion
        && (await desk.ListOwnAsync(turn.Who, 20, turn.Cancellation)).Any(t => t.IsActive && (!understood.IsTicket || t.Category == understood.Category));

    private const int MaxProgressQuestion = 24;

    private async Task<TurnResult> ProgressAsync(Turn turn)
    {
        var own = await desk.ListOwnAsync(turn.Who, 20, turn.Cancellation);
        var shown = own.Where(t => t.IsOpen).Take(8).ToList();
        return turn.Say(shown.Count == 0 ? ResidentTexts.NoOpenTickets : ResidentTexts.Progress(shown));
    }

    private async Task<TurnResult> CancelTicketAsync(Turn turn, string number)
    {
        var ticket = await desk.FindOwnAsync(turn.Who, number, turn.Cancellation);
        if (ticket is null)
        {
            return turn.Say(ResidentTexts.TicketNotFound(number));
        }

        var result = await commands.CancelAsync(turn.Who, ticket.Number, turn.Cancellation);
        if (result.Ticket is not { Status: TicketStatus.Cancelled } cancelled)
        {
            return turn.Say(ResidentTexts.TicketNotCancellable(result.Ticket ?? ticket));
        }

        return turn.Say(ResidentTexts.TicketCancelled(cancelled), turn.State with { LocationFor = [.. turn.State.LocationFor.Where(n => n != ticket.Number)] });
    }

    /// <summary>"满意" / "不满意" / "4分" after a ticket was resolved; null when there is nothing to rate.</summary>
    private async Task<TurnResult?> RateAsync(Turn turn, ResidentCommands.Rate rate, string words)
    {
        var own = await desk.ListOwnAsync(turn.Who, 20, turn.Cancellation);
        var target = own
            .Where(t => t.Status == TicketStatus.Resolved && (rate.Number is null || t.Number == rate.Number || t.ShortNumber == rate.Number))
            .OrderByDescending(t => t.ResolvedAt)
            .FirstOrDefault();
        if (target is null)
        {
            return null;
        }

        var outcome = await commands.RateAsync(turn.Who, target.Number, rate.Score, words.Trim(), turn.Cancellation);
        return outcome.Done ? Rated(turn, target, rate.Score) : turn.Say(ResidentTexts.Rated(target));
    }

    /// <summary>退订 / 订阅: noted in the profile (broadcasts read it when a run starts). A group cannot opt out one member.</summary>
    private static TurnResult Broadcasts(Turn turn, bool off) =>
        turn.Who.GroupId is not null
            ? turn.Say(ResidentTexts.BroadcastChoiceInGroup) with { GroupReply = ResidentTexts.BroadcastChoiceInGroup }
            : turn.Say(off ? ResidentTexts.BroadcastsOff : ResidentTexts.BroadcastsOn, turn.State, turn.Profile with { BroadcastsOff = off });

    /// <summary>"我不要了，刚才那个不用修了": the one ticket being worked on is cancelled; with several, the resident is asked which.</summary>
    private async Task<TurnResult> CancelWithoutDraftAsync(Turn turn, string text)
    {
        var own = await desk.ListOwnAsync(turn.Who, 20, turn.Cancellation);
        // "不用来了 俺孙子给俺教会了" hours after the report, once the conversation is over: whichever of the person's
        // tickets is still being worked on is the one called off.
        var active = own.Where(t => t.IsActive).ToList();
        return active switch
        {
            // A bare "算了" may only sigh: the resident is shown how to cancel rather than the ticket cancelled.
            [var only] when text.Trim().Length > BareCallOff => await CancelTicketAsync(turn, only.Number),

            // "车库那个不用管了 已经亮了" an hour after reporting the stairwell light and the garage lights: the words name one of them.
            [_, _, ..] when active.OrderBy(t => t.CreatedAt).ToList() is var inOrder
                && Pick(text, [.. inOrder.Select(t => t.Text + " " + t.Location?.Place)]) is { } named => await CancelTicketAsync(turn, inOrder[named].Number),
            // The reason may follow ("不用了", then "刚上楼跟他们说了 人家答应午休不干了"): the call-off is kept for it.
            [var last, ..] => turn.Say(ResidentTexts.CancelHow(last), Keep(turn.State, null, text)),
            _ => turn.Say(ResidentTexts.Cancelled),
        };
    }

    /// <summary>
    /// "刚上楼跟他们说了 人家答应午休不干了" just after a bare "不用了": why the one report being worked on is called off, told
    /// in words of the same kind and naming no other place; it is cancelled. A danger, a new place or "还是要修" is not.
    /// </summary>
    private async Task<TurnResult?> ReasonForCallingOffAsync(Turn turn, IntakeResult understood, string text)
    {
        if (understood.Urgent || understood.Location is not null || ResidentWords.IsNewProblem(text) || IsUndo(text, withdrawn: false))
        {
            return null;
        }

        var active = (await desk.ListOwnAsync(turn.Who, 20, turn.Cancellation)).Where(t => t.IsActive).ToList();
        return active is [var only] && (!understood.IsTicket || understood.Problems.All(p => p.Category == only.Category))
            ? await CancelTicketAsync(turn, only.Number)
            : null;
    }

    /// <summary>"算了", "不用了": this short, a call-off names nothing and cancels no ticket by itself.</summary>
    private const int BareCallOff = 4;

    /// <summary>QR code (subscribe or scan with scene <c>hh:{id}</c>): binds at once; a waiting report gets the home as its place.</summary>
    private async Task<TurnResult> BindAsync(Turn turn, string householdId)
    {
        var snapshot = await directory.GetAsync(turn.Cancellation);
        if (snapshot.Household(householdId) is not { } home)
        {
            return turn.Say(ResidentTexts.BadQrCode);
        }

        var profile = turn.Profile with { HouseholdId = home.Id, BoundAt = Now, PendingHouseholdId = null };
        var bound = turn with { Profile = profile };
        var reply = ResidentTexts.Bound(Address(home));
        if (turn.State.Draft is not null && turn.State.Awaiting == Question.Location)
        {
            var answered = await LocationAnswerAsync(bound, Address(home));
            return answered with { Reply = new TextReply(reply + "\n" + ((TextReply)answered.Reply!).Text), Profile = profile };
        }

        return bound.Say(reply, turn.State, profile);
    }

    /// <summary>"绑定 3-2-501": asks for the binding; a grid worker confirms it.</summary>
    private async Task<TurnResult> RequestBindingAsync(Turn turn, string text)
    {
        var snapshot = await directory.GetAsync(turn.Cancellation);
        var home = snapshot.Household(text.Trim())
            ?? (ToTicket(intake.ExtractLocation(text)) is { Building: { } b, Unit: { } u, Room: { } r } ? snapshot.HouseholdAt(b, u, r) : null);
        if (home is null)
        {
            return turn.Say(ResidentTexts.HouseholdNotFound);
        }

        if (turn.Profile.HouseholdId == home.Id)
        {
            return turn.Say(ResidentTexts.Bound(Address(home)));
        }

        await bindings.RequestAsync(turn.Who, home, turn.Cancellation);
        return turn.Say(ResidentTexts.BindingRequested(Address(home)), turn.State, turn.Profile with { PendingHouseholdId = home.Id });
    }

    private async Task<List<Ticket>> OpenDraftAsync(Turn turn, TicketDraft draft, TicketLocation? location, string? household)
    {
        var opened = new List<Ticket>();
        for (var i = 0; i < draft.Problems.Count; i++)
        {
            var problem = draft.Problems[i];
            var (place, home) = problem.Location is null ? (location, household) : (problem.Location, await HouseholdAtAsync(turn, problem.Location));
            opened.Add(await OpenAsync(turn, problem, place, home, draft.Attachments, $"{draft.SourceId}#d{i}"));
        }

        return opened;
    }

    /// <summary>
    /// The question about the report went unanswered (<see cref="UnansweredIn"/>): it is filed as it stands, with the
    /// likelier kind and the place the bot knows, else none (the handler is told so, and a place the resident gives
    /// later still goes to it). The ticket itself tells the resident (<see cref="Ticket.FiledUnanswered"/>): this turn
    /// answers nobody.
    /// </summary>
    private async Task<TurnResult> FileUnansweredAsync(Turn turn)
    {
        var state = turn.State;
        var draft = state.Draft!;
        var home = await HomeAsync(turn);
        var opened = new List<Ticket>(draft.Problems.Count);
        var needPlace = new List<string>();
        for (var i = 0; i < draft.Problems.Count; i++)
        {
            var problem = draft.Problems[i];
            var (location, household) = problem.Location is { } named ? (named, await HouseholdAtAsync(turn, named)) : await PlaceOfAsync(turn, problem, home);
            var ticket = await OpenAsync(turn, problem, location, household, draft.Attachments, $"{draft.SourceId}#d{i}", Ticket.UnansweredNote);
            opened.Add(ticket);
            if (ticket.Location is null && NeedsPlace(ticket.Category))
            {
                needPlace.Add(ticket.Number);
            }
        }

        var locationFor = (IReadOnlyList<string>)[.. state.LocationFor, .. needPlace];
        return new TurnResult(null, state with
        {
            Draft = null,
            Awaiting = locationFor.Count > 0 ? Question.Location : Question.None,
            LocationFor = locationFor,
            Tickets = [.. state.Tickets, .. opened.Select(t => t.Number)],
        });
    }

    /// <remarks>
    /// A place that is no grid's (a spot not on the community's map, or none yet) goes to the grid of the group it was
    /// reported in, else of the reporter's bound home.
    /// </remarks>
    private async Task<Ticket> OpenAsync(
        Turn turn, DraftProblem problem, TicketLocation? location, string? household, IReadOnlyList<TicketAttachment> attachments, string sourceId, string? note = null)
    {
        var homeGrid = turn.Profile.HouseholdId is { } id && (await directory.GetAsync(turn.Cancellation)) is var snapshot && snapshot.Household(id) is { } home
            ? snapshot.GridOfBuilding(home.Building)?.Id
            : null;
        return await desk.OpenAsync(new NewTicket(
            turn.Who, sourceId, problem.Category, problem.Urgent, problem.Text, location, household, attachments,
            problem.Urgent ? Ticket.HazardMark + (problem.Hazard ?? "danger") : note, FallbackGrid: turn.Message.Group?.Grid ?? homeGrid), turn.Cancellation);
    }

    /// <summary>
    /// Where a problem is: its own words, else a pin sent just before, else the last place the person gave
    /// in this conversation (unless the words put it elsewhere: "不是花园里的 是另一头"), else (for a problem not
    /// outdoors, 路灯, 路面, 东门, and not at a relative's home, "我妈说她家厨房…") the bound home. Returns the
    /// household too when the place is a known home; null when the place must be asked.
    /// </summary>
    private async Task<(TicketLocation? Location, string? Household)> PlaceOfAsync(Turn turn, DraftProblem problem, (TicketLocation Location, string Id)? home)
    {
        var earlier = turn.State.LastPlace is { } last && Now - last.At <= options.Value.PlaceMemory ? last : null;
        var outdoor = ResidentWords.IsOutdoor(problem.Text);
        var location = InHomeBuilding(problem.Location, home?.Location, !outdoor && ResidentWords.IsInsideHome(problem.Text))
            ?? (earlier is { PendingPin: true } ? earlier.Location : null)
            ?? (earlier is not null && outdoor == (earlier.Location.Building is null) && !ResidentWords.IsElsewhere(problem.Text) ? earlier.Location : null)
            ?? (outdoor || ResidentWords.IsAtRelativesHome(problem.Text) ? null : home?.Location);
        return location is null ? (null, null)
            : home is { } h && h.Location == location ? (location, h.Id)
            : (location, await HouseholdAtAsync(turn, location));
    }

    /// <summary>
    /// "俺们2单元电梯不动了" from a bound resident of 3-2-501: the unit of her own building. A room alone is her own
    /// ("我家1102天花板都泡了") or a neighbour's ("楼上1202天天半夜拖椅子"), and either way the problem is at her home.
    /// Her building alone, for a problem inside a home ("我是七号楼的老陈", then "我家厨房那个水龙头…"), is her home too.
    /// </summary>
    private static TicketLocation? InHomeBuilding(TicketLocation? named, TicketLocation? home, bool insideHome) => named switch
    {
        { Building: { } building, Unit: null, Room: null, Place: null } when insideHome && home is { Building: var homeBuilding } && homeBuilding == building => home,
        { Building: null, Unit: { } unit, Place: null } when home is { Building: { } building, Unit: var homeUnit } && homeUnit == unit => named with { Building = building },
        { Building: null, Unit: null, Room: not null, Place: null } when home is not null => home,
        _ => named,
    };

    /// <summary>
    /// A place in words the intake does not know: one of the community's public spots (directory <c>places</c>),
    /// "就是刚才那个地址" for the last place given, or (as the answer to "where?" about something outdoors)
    /// the short answer itself ("小区里", "超市旁边那条路"), when intake (<paramref name="answering"/>) reads nothing else in it.
    /// </summary>
    private async Task<TicketLocation?> SpokenPlaceAsync(Turn turn, string text, IntakeResult? answering = null)
    {
        if ((await directory.GetAsync(turn.Cancellation)).PlaceIn(text) is { } place)
        {
            return new TicketLocation(null, null, null, place.Name);
        }

        if (ResidentWords.RefersToEarlierPlace(text))
        {
            // "还是那里": the place just given, or (the conversation has gone quiet since) that of the person's last report today.
            if (turn.State.LastPlace is { } last)
            {
                return last.Location;
            }

            if ((await desk.ListOwnAsync(turn.Who, 1, turn.Cancellation)) is [{ Location: { } before } latest] && Now - latest.CreatedAt <= EarlierReportWithin)
            {
                return before;
            }
        }

        var words = text.Trim().TrimEnd('。', '.', '!', '！', '啊', '呀', '吧');
        return answering is { IsTicket: false, Intent: IntakeIntent.Unclear } && !ResidentWords.NamesNoPlace(words) && !ResidentWords.IsWholeCommunity(words)
            && turn.State.Draft is { } draft
            && draft.Problems.Any(p => ResidentWords.IsOutdoor(p.Text)) && words.Length is > 1 and <= 20
            ? new TicketLocation(null, null, null, words)
            : null;
    }

    /// <summary>The community's own name of a spot ("小广场") over the intake's general one ("广场"); numbers over both.</summary>
    private static TicketLocation? Named(TicketLocation? read, TicketLocation? spoken) =>
        read is null || (read.Building is null && spoken is not null) ? spoken ?? read : read;

    /// <summary>A message the bot could not use, kept (after the pieces before it) for the next message.</summary>
    private static ConversationState Keep(ConversationState state, string? before, string text)
    {
        var pieces = before is null ? text.Trim() : before + " " + text.Trim();
        return state with { Fragment = pieces.Length <= MaxFragment ? pieces : pieces[^MaxFragment..] };
    }

    /// <summary>The place to remember after a turn: the one just given, else what was remembered (a pin is used up by a report).</summary>
    private PlaceGiven? Remembered(PlaceGiven? before, TicketLocation? given) =>
        given is not null ? new PlaceGiven(given, Now) : before is { PendingPin: true } ? before with { PendingPin = false } : before;

    private async Task<(TicketLocation Location, string Id)?> HomeAsync(Turn turn)
    {
        if (turn.Profile.HouseholdId is not { } id)
        {
            return null;
        }

        var snapshot = await directory.GetAsync(turn.Cancellation);
        return snapshot.Household(id) is { } home ? (Address(home), home.Id) : null;
    }

    private async Task<string?> HouseholdAtAsync(Turn turn, TicketLocation location)
    {
        if (location is not { Building: { } b, Unit: { } u, Room: { } r })
        {
            return null;
        }

        return (await directory.GetAsync(turn.Cancellation)).HouseholdAt(b, u, r)?.Id;
    }

    private async Task<string?> RecentOpenTicketAsync(Turn turn)
    {
        var own = await desk.ListOwnAsync(turn.Who, 5, turn.Cancellation);
        return own.FirstOrDefault(t => t.IsOpen && Now - t.UpdatedAt < RecentTicket)?.Number;
    }

    /// <summary>The words of a draft's report still waiting for its place (null when the draft has only a photo).</summary>
    private static string? Waiting(TicketDraft? draft) => draft is { Problems: [var first, ..] } ? first.Text : null;

    private static string? HouseholdScene(string scene) =>
        scene.StartsWith("hh:", StringComparison.Ordinal) && scene.Length > 3 ? scene[3..] : null;

    private static TicketLocation Address(Household home) => new(home.Building, home.Unit, home.Room, null);

    private static TicketLocation? ToTicket(IntakeLocation? location) =>
        location is null ? null : new TicketLocation(location.Building, location.Unit, location.Room, location.Place) is { IsEmpty: false } l ? l : null;

    /// <summary>One message being answered.</summary>
    private sealed record Turn(PersonKey Who, ConversationState State, PersonProfile Profile, Inbound Message, CancellationToken Cancellation)
    {
        public TurnResult Say(string text, ConversationState? state = null, PersonProfile? profile = null) =>
            new(new TextReply(text), state ?? State, profile);
    }
}
