using Microsoft.AspNetCore.Http.HttpResults;
using NeighborBot.Conversations;
using NeighborBot.Intake;

namespace NeighborBot.Api.Intake;

/// <summary>
/// <c>POST /api/admin/intake/preview</c>: what the bot would understand, without storing anything. Any text is read,
/// however long: intake looks at a bounded prefix (the rules at most 2,000 characters, the model 400), as it does
/// for a message from WeChat. <c>GET /api/admin/intake/corrections</c>: what staff corrected, in the training format.
/// </summary>
internal static class IntakeApi
{
    public sealed record PreviewRequest(string? Text);

    public sealed record PreviewLocation(int? Building, int? Unit, string? Room, string? Place);

    public sealed record PreviewProblem(string Category, bool Urgent, string? Hazard, PreviewLocation? Location, string Text);

    public sealed record Preview(
        bool IsTicket, string Category, bool Urgent, PreviewLocation? Location, string Intent, IReadOnlyList<PreviewProblem> Problems,
        IReadOnlyList<string>? Choices, float? Confidence);

    public static RouteGroupBuilder MapIntakeApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/intake/preview", PreviewText);
        return admin;
    }

    internal static Results<Ok<Preview>, BadRequest<string>> PreviewText(PreviewRequest? request, IntakeService intake)
    {
        if (request?.Text is not { Length: > 0 } text)
        {
            return TypedResults.BadRequest("Send {\"text\": \"...\"} with the message to preview.");
        }

        var result = intake.Analyze(text);
        var location = (result.Problems.Count > 0 ? result.Problems[0].Location : null) ?? result.Location;
        return TypedResults.Ok(new Preview(
            result.IsTicket,
            result.Category,
            result.Urgent,
            From(location),
            result.Intent.ToString(),
            [.. result.Problems.Select(p => new PreviewProblem(p.Category, p.Urgent, p.Hazard, From(p.Location), p.Text))],
            result.Choices,
            result.Confidence));
    }

    private static PreviewLocation? From(IntakeLocation? location) =>
        location is null ? null : new PreviewLocation(location.Building, location.Unit, location.Room, location.Place);
}
