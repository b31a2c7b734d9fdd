using System.Reflection;
using System.Reflection.Emit;
using CasPortal.Application.Audit;
using CasPortal.Domain.Audit;

namespace CasPortal.Architecture.Tests;

/// <summary>Audit records are written in one place, so no use case can forget one or word it differently.</summary>
public class AuditRulesTests
{
    private static readonly Assembly[] Portal =
    [
        typeof(CasPortal.Application.DependencyInjection).Assembly,
        typeof(CasPortal.Infrastructure.DependencyInjection).Assembly,
        typeof(CasPortal.Web.DependencyInjection).Assembly,
    ];

    [Fact]
    public void Only_the_audit_trail_creates_audit_records()
    {
        var creators = Portal
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)).Any(CreatesAuditEvent))
            .Select(type => OutermostOf(type).FullName)
            .Distinct()
            .ToList();

        Assert.Equal([typeof(AuditTrail).FullName], creators);
    }

    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly ConstructorInfo[] AuditEventConstructors = typeof(AuditEvent).GetConstructors(BindingFlags.Public | BindingFlags.Instance);

    /// <summary>Whether the method's IL holds a newobj of an <see cref="AuditEvent"/> constructor.</summary>
    private static bool CreatesAuditEvent(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            return false;
        }

        for (var i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] != OpCodes.Newobj.Value)
            {
                continue;
            }

            try
            {
                var target = method.Module.ResolveMethod(BitConverter.ToInt32(il, i + 1));
                if (AuditEventConstructors.Any(c => c.MetadataToken == target?.MetadataToken && c.Module == target.Module))
                {
                    return true;
                }
            }
            catch (ArgumentException)
            {
                // The byte was an operand, not an opcode: its "token" names nothing.
            }
        }

        return false;
    }

    /// <summary>Lambdas and async state machines are nested types of the class they were written in.</summary>
    private static Type OutermostOf(Type type) => type.DeclaringType is { } outer ? OutermostOf(outer) : type;
}
