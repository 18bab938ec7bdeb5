using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using NeighborBot.Api.Directory;
using NeighborBot.Directory;

namespace NeighborBot.Api.Console;

/// <summary>
/// An uploaded households file (CSV or .xlsx) read against the stored directory: every problem, and what it
/// would change. Nothing is stored until the user confirms it.
/// </summary>
internal sealed record ImportPreview(string FileName, string Format, string Csv, IReadOnlyList<string> Problems, HouseholdChanges Changes, IReadOnlyList<string> RemovalWarnings)
{
    public bool MayConfirm => Problems.Count == 0;
}

/// <summary>
/// The directory page's import: a preview that changes nothing, then the confirmed import through the same
/// <see cref="DirectoryEditor"/> as the admin API (validation, the removal-share confirmation, a revision),
/// written to the audit log. Only admins and secretaries import.
/// </summary>
internal sealed partial class DirectoryImports(IDirectoryStore store, DirectoryEditor editor, StaffAccounts accounts, IOptions<DirectoryOptions> options)
{
    public static bool MayImport(StaffUser user) => user.IsManager;

    public async Task<ImportPreview> PreviewAsync(string fileName, byte[] bytes, CancellationToken cancellationToken)
    {
        var workbook = DirectoryXlsx.IsWorkbook(bytes) || fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);
        var format = workbook ? "Excel" : "CSV";
        string? csv;
        string? problem = null;
        if (workbook)
        {
            using var stream = new MemoryStream(bytes, writable: false);
            csv = DirectoryXlsx.ReadAsCsv(stream, out problem);
        }
        else
        {
            csv = DirectoryCsv.Decode(bytes);
        }

        if (csv is null)
        {
            return new ImportPreview(fileName, format, string.Empty, [problem!], new HouseholdChanges(0, 0, 0, 0), []);
        }

        var current = await store.GetAsync(cancellationToken);
        var import = DirectoryCsv.ImportHouseholds(current.Document, csv);
        var changes = HouseholdChanges.Between(current.Document.Households, import.Document.Households);
        var warnings = import.Succeeded
            ? DirectoryRemoval.Between(current.Document, import.Document).Beyond(options.Value.MaxRemovalShare).SkipLast(1).ToList()
            : [];
        return new ImportPreview(fileName, format, csv, [.. import.Problems.Select(InChinese)], changes, warnings);
    }

    /// <summary>
    /// Imports a previewed file. An import that removes a large share is refused unless
    /// <paramref name="removalConfirmed"/>, as the admin API's <c>?confirm=true</c>.
    /// </summary>
    public async Task<DirectoryOutcome> ConfirmAsync(StaffUser user, ImportPreview preview, bool removalConfirmed, CancellationToken cancellationToken)
    {
        if (!MayImport(user))
        {
            return new DirectoryOutcome(DirectoryRefusal.Invalid, null, ["您的账号不能导入名册。"]);
        }

        var outcome = await editor.ImportHouseholdsAsync(preview.Csv, removalConfirmed, cancellationToken, $"console {preview.Format.ToLowerInvariant()} import by {user.UserName}");
        if (outcome.Succeeded)
        {
            var c = preview.Changes;
            await accounts.AuditAsync(user.UserName, "directory.import", preview.FileName,
                $"{preview.Format} 导入住户：新增 {c.Added}，修改 {c.Changed}，删除 {c.Removed}；名册修订 {outcome.Saved.Revision}", cancellationToken);
        }

        return outcome with { Problems = [.. outcome.Problems.Select(InChinese)] };
    }

    /// <summary>"line 3 (3-2-502): ..." as "第 3 行 (3-2-502): ...": the row the spreadsheet shows.</summary>
    public static string InChinese(string problem) => LinePrefix().Replace(problem, "第 $1 行");

    [GeneratedRegex(@"^line (\d+)")]
    private static partial Regex LinePrefix();
}
