using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using NeighborBot.Api.Directory;
using NeighborBot.Directory;
using QRCoder;

namespace NeighborBot.Api.Console;

/// <summary>
/// What of the directory a staff member sees on the directory page (名册): every grid, household and person, or
/// for a grid worker or leader their grids', the households of their grids' buildings and the people who serve
/// those grids or are paired with those households. The exports and the QR sheets show the same.
/// </summary>
internal sealed record DirectoryView(IReadOnlyList<Grid> Grids, IReadOnlyList<Household> Households, IReadOnlyList<Person> People)
{
    public static DirectoryView Of(DirectorySnapshot snapshot, IReadOnlyCollection<string>? visibleGrids)
    {
        var document = snapshot.Document;
        if (visibleGrids is null)
        {
            return new DirectoryView(document.Grids, document.Households, document.People);
        }

        List<Grid> grids = [.. document.Grids.Where(g => visibleGrids.Contains(g.Id, StringComparer.OrdinalIgnoreCase))];
        var buildings = grids.SelectMany(g => g.Buildings).ToHashSet();
        List<Household> households = [.. document.Households.Where(h => buildings.Contains(h.Building))];
        var ids = households.Select(h => h.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        List<Person> people = [.. document.People.Where(p =>
            p.Grids.Any(g => visibleGrids.Contains(g, StringComparer.OrdinalIgnoreCase)) || p.Households.Any(ids.Contains))];
        return new DirectoryView(grids, households, people);
    }

    /// <summary>The buildings with households, in order.</summary>
    public IEnumerable<int> Buildings => Households.Select(h => h.Building).Distinct().Order();

    /// <summary>3号楼2单元501, as residents write it.</summary>
    public static string Address(Household h) => Wording.ResidentTexts.Address(h);

    /// <summary>The scene a household's code carries, <c>hh:{id}</c>: the scene value of a WeChat QR code of the account.</summary>
    public static string Scene(Household h) => "hh:" + h.Id;

    /// <summary>The household's code as a PNG data URI, to print.</summary>
    public static string QrDataUri(Household h) =>
        "data:image/png;base64," + Convert.ToBase64String(PngByteQRCodeHelper.GetQRCode(Scene(h), QRCodeGenerator.ECCLevel.M, 8));
}

/// <summary><c>GET /console/directory/households.csv</c> and <c>.xlsx</c>: the households the user sees, to open in Excel.</summary>
internal static class DirectoryExport
{
    public static void MapDirectoryExport(this WebApplication app)
    {
        app.MapGet("/console/directory/households.csv", CsvAsync).RequireAuthorization();
        app.MapGet("/console/directory/households.xlsx", XlsxAsync).RequireAuthorization();
    }

    internal static async Task<FileContentHttpResult> CsvAsync(HttpContext context, DirectoryCache directory, CancellationToken cancellationToken)
    {
        var view = await ViewAsync(context, directory, cancellationToken);
        byte[] bytes = [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(DirectoryCsv.WriteHouseholds(view.Households))];
        return TypedResults.File(bytes, DirectoryApi.CsvContentType, "households.csv");
    }

    internal static async Task<FileContentHttpResult> XlsxAsync(HttpContext context, DirectoryCache directory, CancellationToken cancellationToken)
    {
        var view = await ViewAsync(context, directory, cancellationToken);
        return TypedResults.File(DirectoryXlsx.WriteHouseholds(view.Households), DirectoryXlsx.ContentType, "households.xlsx");
    }

    private static async Task<DirectoryView> ViewAsync(HttpContext context, DirectoryCache directory, CancellationToken cancellationToken) =>
        DirectoryView.Of(await directory.GetAsync(cancellationToken), StaffUser.Of(context.User)!.VisibleGrids);
}
