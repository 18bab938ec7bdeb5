using Microsoft.AspNetCore.Http.HttpResults;
using NeighborBot.Api.Directory;
using NeighborBot.Broadcasts;

namespace NeighborBot.Api.Broadcasts;

/// <summary>
/// <c>/api/admin/broadcasts</c>: write a broadcast (or start from the anti-fraud library), change a draft,
/// preview its audience, schedule, approve, cancel, list with figures, and the recipients of a run page by
/// page. The shapes that scripts and the console rely on are in shared/design/interfaces.md ("Broadcasts").
/// </summary>
internal static class BroadcastsApi
{
    /// <summary>Who an admin call stands for until staff accounts exist: the shared admin key.</summary>
    public const string SharedKey = "admin";

    public const int MaxPage = 500;

    /// <summary>
    /// A broadcast as an admin writes it. <c>schedule</c> null (or left out) means now; <c>tip</c> names a
    /// message of the anti-fraud library to start from (its title and text unless given);
    /// <c>draft: true</c> keeps it a draft to change and preview before <c>/schedule</c>.
    /// </summary>
    public sealed record BroadcastBody(
        string? Title = null,
        string? Text = null,
        Audience? Audience = null,
        BroadcastSchedule? Schedule = null,
        bool Urgent = false,
        bool MassSend = false,
        bool Draft = false,
        string? Markdown = null,
        string? Link = null,
        string? Series = null,
        string? Tip = null,
        string? By = null);

    /// <summary>An audience to preview, with the two flags that change it.</summary>
    public sealed record PreviewBody(Audience? Audience = null, bool Urgent = false, bool MassSend = false);

    public sealed record ByBody(string? By);

    public sealed record RecipientsPage(string Id, int Run, int Offset, IReadOnlyList<RecipientState> Recipients);

    public static RouteGroupBuilder MapBroadcastsApi(this RouteGroupBuilder admin)
    {
        var broadcasts = admin.MapGroup("/broadcasts").WithTags("Broadcasts");
        broadcasts.MapPost("", CreateAsync).WithSummary("Write a broadcast: scheduled at once (awaiting approval when it needs it), or a draft.");
        broadcasts.MapGet("", ListAsync).WithSummary("Broadcasts, newest first, with the figures of their latest run.");
        broadcasts.MapGet("/library", Library).WithSummary("The anti-fraud library: ready messages on the scams that target elderly people.");
        broadcasts.MapPost("/preview", PreviewAsync).WithSummary("What an audience comes to now: counts per channel and kind, grids, approval, a sample.");
        broadcasts.MapGet("/{id}", GetAsync).WithSummary("One broadcast with the figures of its latest run.");
        broadcasts.MapPut("/{id}", UpdateAsync).WithSummary("Change a draft.");
        broadcasts.MapGet("/{id}/preview", PreviewOfAsync).WithSummary("The audience of a broadcast as it comes to now.");
        broadcasts.MapPost("/{id}/schedule", ScheduleAsync).WithSummary("Schedule a draft.");
        broadcasts.MapPost("/{id}/approve", ApproveAsync).WithSummary("Approve a broadcast that awaits approval.");
        broadcasts.MapPost("/{id}/cancel", CancelAsync).WithSummary("Cancel: nothing more is handed over; a recurring one runs no more.");
        broadcasts.MapGet("/{id}/recipients", RecipientsAsync).WithSummary("The recipients of a run (the latest by default) and where each stands, page by page.");
        return admin;
    }

    internal static async Task<Results<Created<BroadcastView>, BadRequest<DirectoryApi.Problems>>> CreateAsync(
        BroadcastBody body, BroadcastDesk desk, CancellationToken cancellationToken)
    {
        if (Request(body) is not { } request)
        {
            return TypedResults.BadRequest(new DirectoryApi.Problems([$"tip: '{body.Tip}' is not in the library (GET /api/admin/broadcasts/library)."]));
        }

        var outcome = await desk.CreateAsync(request, cancellationToken);
        if (outcome.Broadcast is not { } created)
        {
            return TypedResults.BadRequest(new DirectoryApi.Problems(outcome.Problems));
        }

        var view = await desk.GetAsync(created.Id, cancellationToken);
        return TypedResults.Created($"/api/admin/broadcasts/{created.Id}", view);
    }

    internal static async Task<Results<Ok<BroadcastView>, BadRequest<DirectoryApi.Problems>, NotFound, Conflict<DirectoryApi.Problems>>> UpdateAsync(
        string id, BroadcastBody body, BroadcastDesk desk, CancellationToken cancellationToken)
    {
        if (Request(body) is not { } request)
        {
            return TypedResults.BadRequest(new DirectoryApi.Problems([$"tip: '{body.Tip}' is not in the library."]));
        }

        return await AnswerAsync(await desk.UpdateAsync(id, request, cancellationToken), desk, cancellationToken);
    }

    internal static async Task<Results<Ok<IReadOnlyList<BroadcastView>>, BadRequest<string>>> ListAsync(
        string? status, int? limit, BroadcastDesk desk, CancellationToken cancellationToken)
    {
        BroadcastStatus? wanted = null;
        if (status is not null)
        {
            var match = Enum.GetValues<BroadcastStatus>().Where(s => Broadcast.Name(s) == status).Select(s => (BroadcastStatus?)s).FirstOrDefault();
            if (match is null)
            {
                return TypedResults.BadRequest($"status is one of {string.Join(", ", Enum.GetValues<BroadcastStatus>().Select(Broadcast.Name))}.");
            }

            wanted = match;
        }

        return TypedResults.Ok(await desk.ListAsync(wanted, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken));
    }

    internal static async Task<Results<Ok<BroadcastView>, NotFound>> GetAsync(string id, BroadcastDesk desk, CancellationToken cancellationToken) =>
        await desk.GetAsync(id, cancellationToken) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    internal static Ok<IReadOnlyList<AntiFraudTip>> Library() => TypedResults.Ok(AntiFraudLibrary.Tips);

    internal static async Task<Results<Ok<AudiencePreview>, BadRequest<DirectoryApi.Problems>>> PreviewAsync(
        PreviewBody body, BroadcastDesk desk, AudienceResolver resolver, CancellationToken cancellationToken)
    {
        if (body.Audience is not { IsEmpty: false } audience)
        {
            return TypedResults.BadRequest(new DirectoryApi.Problems(["audience: name at least one of groups, residents, roles, people, households."]));
        }

        var problems = await resolver.CheckAsync(audience, cancellationToken);
        return problems.Count > 0
            ? TypedResults.BadRequest(new DirectoryApi.Problems(problems))
            : TypedResults.Ok(await desk.PreviewAsync(audience, body.Urgent, body.MassSend, cancellationToken));
    }

    internal static async Task<Results<Ok<AudiencePreview>, NotFound>> PreviewOfAsync(string id, BroadcastDesk desk, CancellationToken cancellationToken) =>
        await desk.GetAsync(id, cancellationToken) is { } view
            ? TypedResults.Ok(await desk.PreviewAsync(view.Audience, view.Urgent, view.MassSend, cancellationToken))
            : TypedResults.NotFound();

    internal static async Task<Results<Ok<BroadcastView>, BadRequest<DirectoryApi.Problems>, NotFound, Conflict<DirectoryApi.Problems>>> ScheduleAsync(
        string id, BroadcastDesk desk, CancellationToken cancellationToken) =>
        await AnswerAsync(await desk.ScheduleAsync(id, cancellationToken), desk, cancellationToken);

    /// <summary>With the shared admin key anyone may approve (staff accounts are to come); the approver named in the body is recorded.</summary>
    internal static async Task<Results<Ok<BroadcastView>, BadRequest<DirectoryApi.Problems>, NotFound, Conflict<DirectoryApi.Problems>>> ApproveAsync(
        string id, ByBody? body, BroadcastDesk desk, CancellationToken cancellationToken) =>
        await AnswerAsync(await desk.ApproveAsync(id, Who(body?.By), sharedKey: true, cancellationToken), desk, cancellationToken);

    internal static async Task<Results<Ok<BroadcastView>, BadRequest<DirectoryApi.Problems>, NotFound, Conflict<DirectoryApi.Problems>>> CancelAsync(
        string id, ByBody? body, BroadcastDesk desk, CancellationToken cancellationToken) =>
        await AnswerAsync(await desk.CancelAsync(id, Who(body?.By), cancellationToken), desk, cancellationToken);

    internal static async Task<Results<Ok<RecipientsPage>, NotFound, BadRequest<string>>> RecipientsAsync(
        string id, int? run, int? offset, int? limit, BroadcastDesk desk, CancellationToken cancellationToken)
    {
        if (offset is < 0 || limit is < 1 or > MaxPage)
        {
            return TypedResults.BadRequest($"offset is 0 or more; limit 1-{MaxPage}.");
        }

        var page = await desk.RecipientsAsync(id, run, offset ?? 0, limit ?? 100, cancellationToken);
        return page is { } found ? TypedResults.Ok(new RecipientsPage(id, found.Run, offset ?? 0, found.Recipients)) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<BroadcastView>, BadRequest<DirectoryApi.Problems>, NotFound, Conflict<DirectoryApi.Problems>>> AnswerAsync(
        DeskOutcome outcome, BroadcastDesk desk, CancellationToken cancellationToken) => outcome.Error switch
        {
            DeskError.None => TypedResults.Ok((await desk.GetAsync(outcome.Broadcast!.Id, cancellationToken))!),
            DeskError.NotFound => TypedResults.NotFound(),
            DeskError.Invalid => TypedResults.BadRequest(new DirectoryApi.Problems(outcome.Problems)),
            _ => TypedResults.Conflict(new DirectoryApi.Problems(outcome.Problems)),
        };

    /// <summary>The request, with a library tip's title and text where the body leaves them out; null for an unknown tip.</summary>
    private static BroadcastRequest? Request(BroadcastBody body)
    {
        var tip = body.Tip is { } name ? AntiFraudLibrary.Find(name) : null;
        if (body.Tip is not null && tip is null)
        {
            return null;
        }

        var content = new BroadcastContent(
            (body.Title ?? tip?.Title ?? string.Empty).Trim(),
            (body.Text ?? (tip is null ? string.Empty : AntiFraudLibrary.Message(tip))).Trim(),
            body.Markdown,
            body.Link,
            body.Series);
        return new BroadcastRequest(content, body.Audience ?? new Audience(), body.Schedule, body.Urgent, body.MassSend, body.Draft, Who(body.By));
    }

    private static string Who(string? by) => string.IsNullOrWhiteSpace(by) ? SharedKey : by.Trim();
}
