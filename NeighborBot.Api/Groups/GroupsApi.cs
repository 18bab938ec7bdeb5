using Microsoft.AspNetCore.Http.HttpResults;
using NeighborBot.Api.Directory;
using NeighborBot.Directory;
using NeighborBot.Groups;
using NeighborBot.WeChat;

using static NeighborBot.Api.Directory.DirectoryApi;

namespace NeighborBot.Api.Groups;

/// <summary>
/// <c>/api/admin/groups</c>: the groups mapped to grids with their messages a day, the groups that wrote
/// to the bot before anyone mapped them, and mapping one (a change of the directory like any other).
/// </summary>
internal static class GroupsApi
{
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>A mapped group and how many messages it had on each of the last days (chatter included: counted, never stored).</summary>
    public sealed record MappedGroup(string Bridge, string Id, string Name, string? Grid, IReadOnlyDictionary<DateOnly, long> Messages);

    public sealed record GroupsView(IReadOnlyList<MappedGroup> Groups, IReadOnlyList<UnknownGroup> Unknown);

    public static RouteGroupBuilder MapGroupsApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/groups", ListAsync);
        admin.MapPut("/groups/{source}/{id}", PutAsync);
        admin.MapDelete("/groups/{source}/{id}", RemoveAsync);
        admin.MapDelete("/groups/unknown/{source}/{id}", ForgetAsync);
        return admin;
    }

    internal static async Task<Results<Ok<GroupsView>, BadRequest<string>>> ListAsync(
        int? days, DirectoryCache directory, IGroupStore groups, TimeProvider time, CancellationToken cancellationToken)
    {
        if (days is < 1 or > 90)
        {
            return TypedResults.BadRequest("days must be between 1 and 90.");
        }

        return TypedResults.Ok(await ViewAsync(days ?? 7, directory, groups, time, cancellationToken));
    }

    /// <summary>The mapped groups with their counts of the last <paramref name="days"/> days (China time), and the unknown groups: the route's answer and the console's groups page.</summary>
    internal static async Task<GroupsView> ViewAsync(int days, DirectoryCache directory, IGroupStore groups, TimeProvider time, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(ChinaTime.ToChina(time.GetUtcNow()).DateTime);
        var from = today.AddDays(1 - days);
        var counts = (await groups.CountsAsync(from, today, cancellationToken)).ToLookup(c => (c.Source, c.Id));
        var snapshot = await directory.GetAsync(cancellationToken);
        var mapped = (snapshot.Document.Groups ?? [])
            .Select(g => new MappedGroup(g.Bridge, g.Id, g.Name, g.Grid, counts[(g.Bridge, g.Id)].ToDictionary(c => c.Day, c => c.Messages)))
            .ToList();
        return new GroupsView(mapped, await groups.ListUnknownAsync(cancellationToken));
    }

    /// <summary>Maps a group to a grid (or renames it); the body's bridge and id, when given, must be the address's. The group stops being unknown.</summary>
    internal static async Task<Results<Ok<Saved>, BadRequest<Problems>, NotFound<Problems>, Conflict<Problems>, JsonHttpResult<Problems>>> PutAsync(
        string source, string id, HttpRequest request, DirectoryEditor editor, IGroupStore groups, ILogger<DirectoryEditor> logger, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.Json(TooLarge, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var read = DirectoryJson.ReadGroup(body);
        if (!read.Succeeded)
        {
            return TypedResults.BadRequest(Listed(read.Problems));
        }

        (source, id) = (source.Trim(), id.Trim());
        var group = read.Value;
        if ((group.Bridge.Length > 0 && group.Bridge != source) || (group.Id.Length > 0 && group.Id != id))
        {
            return TypedResults.BadRequest(new Problems([$"The body names group '{group.Id}' of '{group.Bridge}' but the address names '{id}' of '{source}'; leave bridge and id out or make them the same."]));
        }

        var answer = Answer(await editor.PutGroupAsync(group with { Bridge = source, Id = id }, cancellationToken), "group", logger);
        if (answer.Result is Ok<Saved>)
        {
            await groups.ForgetUnknownAsync(source, id, cancellationToken);
        }

        return answer;
    }

    internal static async Task<Results<Ok<Saved>, BadRequest<Problems>, NotFound<Problems>, Conflict<Problems>, JsonHttpResult<Problems>>> RemoveAsync(
        string source, string id, DirectoryEditor editor, ILogger<DirectoryEditor> logger, CancellationToken cancellationToken) =>
        Answer(await editor.RemoveGroupAsync(source.Trim(), id.Trim(), cancellationToken), "group", logger);

    /// <summary>Forgets an unknown group nobody will map (a group the bot was added to by mistake); it is listed again if it writes to the bot again.</summary>
    internal static async Task<NoContent> ForgetAsync(string source, string id, IGroupStore groups, CancellationToken cancellationToken)
    {
        await groups.ForgetUnknownAsync(source, id, cancellationToken);
        return TypedResults.NoContent();
    }
}
