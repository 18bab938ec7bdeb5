using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using NeighborBot.Directory;
using NeighborBot.WeChat;

namespace NeighborBot.Api.Directory;

/// <summary>
/// <c>/api/admin/directory</c>: the directory imported as a whole (JSON) or its households alone (CSV),
/// single households and people added, changed and removed, and the kept revisions listed and restored.
/// Every change is validated as a whole directory and a refused change lists every problem and changes
/// nothing; an import that removes a large share of households or people waits for <c>?confirm=true</c>.
/// </summary>
internal static class DirectoryApi
{
    /// <summary>A few thousand households are about 100 KB; 5 MiB leaves room for a district.</summary>
    public const int MaxBodyBytes = 5 * 1024 * 1024;

    /// <summary>At most this many problems are listed, then how many more there are.</summary>
    public const int MaxProblemsListed = 1000;

    public const string CsvContentType = "text/csv; charset=utf-8";

    public sealed record Problems(IReadOnlyList<string> Errors)
    {
        /// <summary>The change is valid but removes a large share; the same request with <c>?confirm=true</c> saves it.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        public bool NeedsConfirmation { get; init; }
    }

    public sealed record Saved(long Revision, int Communities, int Grids, int Households, int People)
    {
        public static Saved Of(DirectorySnapshot s) =>
            new(s.Revision, s.Document.Communities.Count, s.Document.Grids.Count, s.Document.Households.Count, s.Document.People.Count);
    }

    internal static readonly Problems TooLarge = new([$"The body is larger than {MaxBodyBytes / (1024 * 1024)} MiB."]);

    /// <summary>The sample directory, loaded at start in Development when none is stored.</summary>
    public static IHostApplicationBuilder AddDemoDirectory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<DemoDirectory>();
        return builder;
    }

    public static RouteGroupBuilder MapDirectoryApi(this RouteGroupBuilder admin)
    {
        var directory = admin.MapGroup("/directory");
        directory.MapGet("", ExportAsync);
        directory.MapPut("", ImportAsync);
        directory.MapGet("/households", ExportHouseholdsAsync);
        directory.MapPut("/households", ImportHouseholdsAsync);
        directory.MapPut("/households/{id}", PutHouseholdAsync);
        directory.MapDelete("/households/{id}", RemoveHouseholdAsync);
        directory.MapPut("/people/{id}", PutPersonAsync);
        directory.MapDelete("/people/{id}", RemovePersonAsync);
        directory.MapGet("/revisions", RevisionsAsync);
        directory.MapPost("/revisions/{revision:long}/restore", RestoreAsync);
        return admin;
    }

    /// <summary>The stored directory in the shape it is written in (read from the store, not this instance's copy).</summary>
    internal static async Task<JsonHttpResult<DirectoryDocument>> ExportAsync(IDirectoryStore store, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(cancellationToken);
        return TypedResults.Json(current.Document, DirectoryJson.Document);
    }

    internal static async Task<Results<Ok<Saved>, BadRequest<Problems>, NotFound<Problems>, Conflict<Problems>, JsonHttpResult<Problems>>> ImportAsync(
        HttpRequest request, string? confirm, DirectoryEditor editor, ILogger<DirectoryEditor> logger, CancellationToken cancellationToken)
    {
        if (!TryConfirmation(confirm, out var confirmed))
        {
            return TypedResults.BadRequest(BadConfirm);
        }

        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.Json(TooLarge, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var read = DirectoryJson.ReadDirectory(body);
        if (!read.Succeeded)
        {
            Log.Refused(logger, "json import", read.Problems.Count);
            return TypedResults.BadRequest(Listed(read.Problems));
        }

        return Answer(await editor.ImportAsync(read.Value, confirmed, cancellationToken), "json import", logger);
    }

    /// <summary>The households as CSV with a byte-order mark, so that Excel shows Chinese rooms as they are.</summary>
    internal static async Task<FileContentHttpResult> ExportHouseholdsAsync(IDirectoryStore store, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(cancellationToken);
        var csv = DirectoryCsv.WriteHouseholds(current.Document.Households);
        byte[] bytes = [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(csv)];
        return TypedResults.File(bytes, CsvContentType, "households.csv");
    }

    /// <summary>Replaces the households alone; the rest of the directory is kept as stored when the change is saved.</summary>
    internal static async Task<Results<Ok<Saved>, BadRequest<Problems>, NotFound<Problems>, Conflict<Problems>, JsonHttpResult<Problems>>> ImportHouseholdsAsync(
        HttpRequest request, string? confirm, DirectoryEditor editor, ILogger<DirectoryEditor> logger, CancellationToken cancellationToken)
    {
        if (!TryConfirmation(confirm, out var confirmed))
        {
            return TypedResults.BadRequest(BadConfirm);
        }

        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.Json(TooLarge, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        return Answer(await editor.ImportHouseholdsAsync(DirectoryCsv.Decode(body), confirmed, cancellationToken), "csv import", logger);
    }

    /// <summary>Adds a household or replaces the one with this id; the body's id, when it has one, must be this id.</summary>
    internal static async Task<Results<Ok<Saved>, BadRequest<Problems>, NotFound<Problems>, Conflict<Problems>, JsonHttpResult<Problems>>> PutHouseholdAsync(
        string id, HttpRequest request, DirectoryEditor editor, ILogger<DirectoryEditor> logger, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.Json(TooLarge, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var read = DirectoryJson.ReadHousehold(body);
        if (!read.Succeeded)
        {
            Log.Refused(logger, "household", read.Problems.Count);
            return TypedResults.BadRequest(Listed(read.Problems));
        }

        id = id.Trim();
        if (read.Value.Id.Length > 0 && !string.Equals(read.Value.Id, id, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.BadRequest(new Problems([$"id: the body says '{read.Value.Id}' but the address says '{id}'; leave id out or make them the same."]));
        }

        var household = read.Value with { Id = id };
        return Answer(await editor.PutHouseholdAsync(household, cancellationToken), "household", logger);
    }

    internal static async Task<Results<Ok<Saved>, BadRequest<Problems>, NotFound<Problems>, Conflict<Problems>, JsonHttpResult<Problems>>> RemoveHouseholdAsync(
        string id, DirectoryEditor editor, ILogger<DirectoryEditor> logger, CancellationToken cancellationToken) =>
        Answer(await editor.RemoveHouseholdAsync(id.Trim(), cancellationToken), "household", logger);

    /// <summary>Adds a person or replaces the one with this id; the body's id, when it has one, must be this id.</summary>
    internal static async Task<Results<Ok<Saved>, BadRequest<Problems>, NotFound<Problems>, Conflict<Problems>, JsonHttpResult<Problems>>> PutPersonAsync(
        string id, HttpRequest request, DirectoryEditor editor, ILogger<DirectoryEditor> logger, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.Json(TooLarge, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var read = DirectoryJson.ReadPerson(body);
        if (!read.Succeeded)
        {
            Log.Refused(logger, "person", read.Problems.Count);
            return TypedResults.BadRequest(Listed(read.Problems));
        }

        id = id.Trim();
        if (read.Value.Id.Length > 0 && !string.Equals(read.Value.Id, id, StringComparison.Ordinal))
        {
            return TypedResults.BadRequest(new Problems([$"id: the body says '{read.Value.Id}' but the address says '{id}'; leave id out or make them the same."]));
        }

        var person = read.Value with { Id = id };
        return Answer(await editor.PutPersonAsync(person, cancellationToken), "person", logger);
    }

    internal static async Task<Results<Ok<Saved>, BadRequest<Problems>, NotFound<Problems>, Conflict<Problems>, JsonHttpResult<Problems>>> RemovePersonAsync(
        string id, DirectoryEditor editor, ILogger<DirectoryEditor> logger, CancellationToken cancellationToken) =>
        Answer(await editor.RemovePersonAsync(id.Trim(), cancellationToken), "person", logger);

    /// <summary>The kept revisions, newest (the current one) first: number, time, what changed it, and its counts.</summary>
    internal static async Task<Ok<IReadOnlyList<DirectoryRevision>>> RevisionsAsync(IDirectoryStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListRevisionsAsync(cancellationToken));

    /// <summary>Brings a kept revision back as a new revision (validated, not guarded: it is the admin's explicit choice).</summary>
    internal static async Task<Results<Ok<Saved>, BadRequest<Problems>, NotFound<Problems>, Conflict<Problems>, JsonHttpResult<Problems>>> RestoreAsync(
        long revision, DirectoryEditor editor, ILogger<DirectoryEditor> logger, CancellationToken cancellationToken)
    {
        var outcome = await editor.RestoreAsync(revision, cancellationToken);
        if (outcome.Succeeded)
        {
            Log.Restored(logger, revision, outcome.Saved.Revision);
        }

        return Answer(outcome, "restore", logger);
    }

    /// <summary>The answer to a change; <paramref name="what"/> names its kind in the log, never an id or an address.</summary>
    internal static Results<Ok<Saved>, BadRequest<Problems>, NotFound<Problems>, Conflict<Problems>, JsonHttpResult<Problems>> Answer(
        DirectoryOutcome outcome, string what, ILogger logger)
    {
        switch (outcome.Refusal)
        {
            case DirectoryRefusal.None when outcome.Saved is { } saved:
                var d = saved.Document;
                Log.Replaced(logger, what, saved.Revision, d.Grids.Count, d.Households.Count, d.People.Count);
                return TypedResults.Ok(Saved.Of(saved));
            case DirectoryRefusal.Unconfirmed:
                var removal = outcome.Removal!;
                Log.Unconfirmed(logger, what, removal.Households, removal.HouseholdsBefore, removal.People, removal.PeopleBefore);
                return TypedResults.BadRequest(Listed(outcome.Problems) with { NeedsConfirmation = true });
            case DirectoryRefusal.NotFound:
                return TypedResults.NotFound(new Problems(outcome.Problems));
            case DirectoryRefusal.Conflict:
                Log.GaveUp(logger, what, DirectoryEditor.Attempts);
                return TypedResults.Conflict(new Problems(outcome.Problems));
            default:
                Log.Refused(logger, what, outcome.Problems.Count);
                return TypedResults.BadRequest(Listed(outcome.Problems));
        }
    }

    private static readonly Problems BadConfirm = new(["confirm must be true or false."]);

    /// <summary><c>?confirm=true</c> (or false, or absent); read here so a wrong value gets a plain 400, not a binding failure.</summary>
    private static bool TryConfirmation(string? confirm, out bool confirmed)
    {
        confirmed = false;
        return string.IsNullOrWhiteSpace(confirm) || bool.TryParse(confirm.Trim(), out confirmed);
    }

    internal static Problems Listed(IReadOnlyList<string> problems) => problems.Count <= MaxProblemsListed
        ? new Problems(problems)
        : new Problems([.. problems.Take(MaxProblemsListed), $"... and {problems.Count - MaxProblemsListed} more problems."]);
}
