package auth

// Grant sets that the rule tables of several services share. A rule table names them instead of
// spelling the same role → scope map again; a set only one service needs stays in that
// service's rules.go. They are shared values: treat them as read-only.
var (
	// Everyone grants every role the widest scope: for data that is not personal (the
	// organisation, the working calendar) and platform methods that expose no data.
	Everyone = map[Role]Scope{
		RoleEmployee: ScopeAll, RoleSupervisor: ScopeAll, RoleAgencyHR: ScopeAll,
		RoleCityHR: ScopeAll, RoleAuditor: ScopeAll, RoleService: ScopeAll,
	}
	// CityHROnly is city-wide administration: city HR, everywhere.
	CityHROnly = map[Role]Scope{RoleCityHR: ScopeAll}
	// HRWrite is a change to an agency's data: city HR anywhere, agency HR in their own agency.
	HRWrite = map[Role]Scope{RoleCityHR: ScopeAll, RoleAgencyHR: ScopeAgency}
	// People is personal data, narrowed to what each role may see: employees their own record,
	// supervisors their subtree, agency HR their agency, city HR, auditors and service clients
	// everything.
	People = map[Role]Scope{
		RoleEmployee: ScopeSelf, RoleSupervisor: ScopeSubordinates, RoleAgencyHR: ScopeAgency,
		RoleCityHR: ScopeAll, RoleAuditor: ScopeAll, RoleService: ScopeAll,
	}
	// Auditors is the audit trail: the inspectorate and city HR.
	Auditors = map[Role]Scope{RoleAuditor: ScopeAll, RoleCityHR: ScopeAll}
)
