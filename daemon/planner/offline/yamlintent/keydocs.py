"""What each YAML intent key means, in one sentence: the editor schema's ``description``s
(:mod:`..intentschema`). One table per mapping, keyed like :mod:`.keys`."""

from __future__ import annotations

SOURCE = "Where this comes from ('intent/app.yaml:12'); filled in from the line when left out."

STYLE: dict[str, str] = {
    "paging": "How lists are paged by default: page (page, pageSize), offset (offset, limit), "
    "cursor (cursor, limit) or none.",
    "paging_params": "Wire names of the paging controls that differ from the default, e.g. "
    "{page_size: per_page} or {cursor: starting_after}; controls: page, page_size, offset, "
    "limit, cursor.",
    "envelope": "How lists come back by default: items ({items, total, …}), data ({data, links}), "
    "named ({articles: […], articlesCount}) or bare (the array itself).",
    "wrap": "true: one object travels wrapped in its name ({article: {…}}) and lists use the "
    "named envelope; false (default): unwrapped.",
    "naming": "How field and parameter names are written on the wire: camelCase (default) or "
    "snake_case.",
    "update_method": "The method of an 'update' operation: PATCH (default) or POST (Stripe-style "
    "updates); a PUT is the 'replace' operation.",
}

TOP: dict[str, str] = {
    "project_name": "The project's name (also 'title' or 'name').",
    "intent_id": "Stable kebab-case id of the project (also 'id'); derived from the name if left out.",
    "description": "What the API is for, in prose.",
    "version": "A version pinned in the intent (MAJOR.MINOR.PATCH); the computed version never "
    "goes below it.",
    "servers": "Server URLs, or {url, description} mappings.",
    "contact": "An email, a URL or a name, or {name, email, url}.",
    "license": "An SPDX id such as MIT, or {name, identifier, url}.",
    "api_info": "version, servers, contact, license and the API style keys, grouped.",
    "auth": "The auth scheme (jwt, jwt_with_refresh, oauth2, api_key, none) or the auth policy.",
    "auth_policy": "The auth policy: scheme, roles, public features and their details.",
    "roles": "The roles of the auth policy, e.g. [member, librarian].",
    "public": "Features anyone may call without signing in.",
    "tech_stack": "frontend, backend, database (text) and other (a list).",
    "features": "What people can do; each feature may manage entities and carry filters.",
    "entities": "The stored resources and the request/response shapes.",
    "api_surface": "Endpoints written by hand (also 'endpoints'); most come from features.",
    **STYLE,
}

FEATURE: dict[str, str] = {
    "id": "Stable kebab-case id; derived from the name if left out.",
    "name": "The feature's name.",
    "description": "What the feature is, in prose.",
    "priority": "must, should or could (or high, medium, low).",
    "complexity": "S, M or L (or XS, XL, 1-5 points).",
    "acceptance_criteria": "How to tell it is done: text, or {text}.",
    "no_endpoint_reason": "Why no endpoint serves this feature (e.g. front-end only).",
    "manages": "Entities it serves with CRUD: 'Article (list, get, create, replace, delete)', "
    "'Comment under Article (list, create)' for nested routes, or {entity, under, ops}. "
    "Ops: list get create update replace delete read write all.",
    "current": "The caller's own record: 'User (get, replace)' → GET /user, PUT /user; or "
    "{entity, ops}.",
    "toggles": "On/off states of an entity: 'favorite Article' → POST and DELETE "
    "/articles/{slug}/favorite; or {verb, entity}.",
    "actions": "Verbs on one entity: 'publish Event' → POST /events/{eventId}/publish; or "
    "{verb, entity}.",
    "sign_up": "The entity whose create is how one signs up (that create is public), e.g. Member.",
    "filters": "Query filters on this feature's lists: 'tagList as tag, author, createdAt range, "
    "search, email (string)', or {field, as, range} / {name, type, required, default}.",
    "sort": "Fields a list may be sorted by, the first the default: '-createdAt, title'.",
    "paging": "This feature's lists' paging: page, offset, cursor or none.",
    "envelope": "This feature's lists' envelope: items, data, named (or 'named articles') or bare.",
    "wrap": "true: this feature's single objects travel wrapped ({article: {…}}).",
    "access": "public, public read or authenticated (the default).",
    "source": SOURCE,
}

ENTRY: dict[str, str] = {
    "entity": "The entity's name.",
    "under": "The parent entity: routes nest under it (/articles/{slug}/comments).",
    "ops": "The operations: a list or 'list, get'.",
    "verb": "The verb, lowercase: favorite, follow, publish.",
    "source": SOURCE,
}

FILTER: dict[str, str] = {
    "field": "The field or relationship filtered on (equality; a relationship by the target's key).",
    "name": "A parameter that is not a field (then give its type).",
    "as": "The parameter's name on the wire when it differs: {field: tagList, as: tag}.",
    "range": "true: two parameters <field>From and <field>To (dates and numbers).",
    "type": "The type of a 'name' parameter: string, integer, number, boolean, date, datetime, "
    "enum(a, b) or a scalar list.",
    "required": "The parameter must be given.",
    "default": "The parameter's default.",
    "source": SOURCE,
}

ENTITY: dict[str, str] = {
    "name": "The entity's name (PascalCase).",
    "description": "What it is, in prose.",
    "kind": "resource (stored, addressed by its key; the default) or shape (only sent or "
    "returned: one schema, no id, no timestamps, no CRUD).",
    "key": "The field that identifies one in paths (slug, username, isbn); no id is inferred.",
    "timestamps": "false: no inferred createdAt/updatedAt.",
    "fields": "Its fields: 'name: type, modifiers — description' lines or mappings.",
    "relationships": "'has many Book', 'belongs to Profile as author (expanded)' or "
    "{kind, target, name, expand}.",
    "business_rules": "Rules in prose; 'cannot be deleted' or 'conflict' make a DELETE answer 409.",
    "unique_constraints": "Field combinations that are unique: [[member, book]] or {fields}.",
    "source": SOURCE,
}

FIELD: dict[str, str] = {
    "name": "The field's name.",
    "type": "string, text, number, integer, boolean, date, datetime, email, uuid, url, phone, "
    "enum, array, string[] (a scalar list), map(string) (string values by key), ref(Entity), "
    "object.",
    "of": "The item type of an array, or the value type of a map.",
    "ref": "The target entity of a ref.",
    "enum_values": "The values of an enum.",
    "required": "Must be given on create.",
    "unique": "No two have the same value (a write may answer 409).",
    "server_set": "Set by the server: read-only.",
    "key": "This field is the entity's natural key (paths use it; no id is inferred).",
    "expand": "A ref that read shapes embed as the target object instead of its key.",
    "description": "What it holds, in prose.",
    "source": SOURCE,
}

RELATIONSHIP: dict[str, str] = {
    "kind": "one-to-many, one-to-one, many-to-many or belongs-to.",
    "target": "The related entity.",
    "name": "How this entity calls the related ones ('author' in 'belongs to Profile as author').",
    "expand": "Read shapes embed the target instead of its key.",
    "source": SOURCE,
}

ENDPOINT: dict[str, str] = {
    "id": "Stable id; derived from the method and path if left out.",
    "method": "GET, POST, PUT, PATCH or DELETE.",
    "path": "The path, with {params}; no query string (declare parameters instead).",
    "summary": "One line saying what it does.",
    "entity": "The entity it serves.",
    "feature": "The feature it serves (id or name).",
    "auth": "false: public; true: the caller must authenticate. Inferred from the feature's access.",
    "request": "The entity or shape sent as the body (null: no body).",
    "response": "The entity or shape returned (null: no body).",
    "list": "It returns a list.",
    "paginated": "Older spelling of paging: true is 'paging: page', false 'paging: none'.",
    "paging": "page, offset, cursor or none (makes it a list).",
    "envelope": "items, data, 'named articles' or bare (makes it a list).",
    "wrap": "The key wrapping one object in the body (article), or true/false.",
    "parameters": "Query and header parameters: 'query tag: string — desc', "
    "'header Idempotency-Key: string, required', or {name, in, type, required, default, "
    "description}.",
    "status": "The success status: 200, 201, 202 or 204 (inferred if left out).",
    "headers": "Headers of the success response: 'Location, ETag' or a list of names and "
    "{name, type, description}.",
    "errors": "The exact error statuses it can answer, e.g. [401, 404, 422] (inferred if left out).",
    "deprecated": "It is deprecated.",
    "source": SOURCE,
}

PARAMETER: dict[str, str] = {
    "name": "The parameter's name as sent (tag, pageSize, Idempotency-Key).",
    "in": "query (default) or header.",
    "type": "string (default), integer, number, boolean, date, datetime, enum or array.",
    "of": "The item type of an array.",
    "enum_values": "The values of an enum.",
    "required": "It must be given.",
    "default": "Its default.",
    "description": "What it does.",
    "source": SOURCE,
}

HEADER: dict[str, str] = {
    "name": "The header's name: Location, ETag, X-RateLimit-Remaining.",
    "type": "string (default), integer, number, boolean, date or datetime.",
    "description": "What it says.",
}
