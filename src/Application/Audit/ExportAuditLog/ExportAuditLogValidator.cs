namespace CasPortal.Application.Audit.ExportAuditLog;

public sealed class ExportAuditLogValidator : AbstractValidator<ExportAuditLogQuery>
{
    public ExportAuditLogValidator() =>
        RuleFor(q => q.Filter).SetValidator(new AuditFilterValidator());
}
