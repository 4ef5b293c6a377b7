"""Reads ontology/amur.ttl once, validates it and hands out plain descriptors.

Every other layer asks this module which classes, kinds, relations and
properties exist; none of them declares its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, SKOS, XSD

AMUR = Namespace("https://w3id.org/amur#")
ONTOLOGY_FILE = Path(__file__).with_name("amur.ttl")

# Datatypes the derived code knows how to store and validate.
DATATYPES: dict[URIRef, str] = {
    XSD.string: "string",
    XSD.anyURI: "string",
    XSD.integer: "integer",
    XSD.decimal: "float",
    XSD.double: "float",
    XSD.boolean: "boolean",
    AMUR.PartialDate: "partial_date",
}

# Namespaces of outside vocabularies, by the short name exports use.
VOCABULARIES: dict[str, str] = {
    "schema": "https://schema.org/",
    "ftm": "https://w3id.org/ftm#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "wikidata": "http://www.wikidata.org/",
}


class OntologyError(ValueError):
    """The ontology file contradicts itself; nothing derived from it can be trusted."""


@dataclass(frozen=True)
class Mapping:
    """One link to an outside vocabulary term."""

    vocabulary: str
    iri: str
    match: str  # exact | close | inverse

    @property
    def local_name(self) -> str:
        return self.iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@dataclass(frozen=True)
class Property:
    """A datatype property of nodes or of relations."""

    name: str
    datatype: str
    comment: str = ""
    qualifies: bool = False
    mappings: tuple[Mapping, ...] = ()


@dataclass(frozen=True)
class Kind:
    code: str
    class_name: str
    labels: dict[str, str]


@dataclass(frozen=True)
class OntologyClass:
    name: str
    id_prefix: str
    labels: dict[str, str]
    color: str
    shape: str
    properties: tuple[Property, ...]
    kinds: tuple[Kind, ...]
    mappings: tuple[Mapping, ...]
    comment: str = ""

    @property
    def kind_codes(self) -> tuple[str, ...]:
        return tuple(k.code for k in self.kinds)

    @cached_property
    def property_names(self) -> tuple[str, ...]:
        """Kept: every node read asks for them."""
        return tuple(p.name for p in self.properties)


@dataclass(frozen=True)
class RelationType:
    name: str
    labels: dict[str, str]
    domain: tuple[str, ...]
    range: tuple[str, ...]
    properties: tuple[Property, ...]
    color: str
    dashes: bool
    mappings: tuple[Mapping, ...]
    comment: str = ""

    @cached_property
    def property_names(self) -> tuple[str, ...]:
        """Kept: every relation read asks for them."""
        return tuple(p.name for p in self.properties)

    @property
    def qualifiers(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.properties if p.qualifies)

    def allows(self, src_class: str, dst_class: str) -> bool:
        return src_class in self.domain and dst_class in self.range


@dataclass(frozen=True)
class Ontology:
    classes: dict[str, OntologyClass]
    relations: dict[str, RelationType]
    provenance: tuple[Property, ...] = field(default=())

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.classes)

    @property
    def relationship_types(self) -> tuple[str, ...]:
        return tuple(self.relations)

    @cached_property
    def _by_prefix(self) -> dict[str, OntologyClass]:
        """Kept: every id read or validated is classed by its prefix."""
        return {cls.id_prefix: cls for cls in self.classes.values()}

    def class_for_id(self, entity_id: str) -> OntologyClass:
        """The class an id belongs to, read from its prefix (`person:...`)."""
        prefix, sep, slug = entity_id.partition(":")
        if not sep or not slug:
            raise KeyError(f"id {entity_id!r} has no '<class>:' prefix")
        found = self._by_prefix.get(prefix)
        if found is not None:
            return found
        known = ", ".join(c.id_prefix for c in self.classes.values())
        raise KeyError(f"id {entity_id!r}: unknown prefix {prefix!r} (known: {known})")


# The provenance every relation carries, whatever its type.  These are
# structural (the storage contract depends on them), so they live in code;
# their outside mappings still come from the file.
PROVENANCE = (
    Property("sources", "string_list", "Ids of the articles that support the fact."),
    Property("evidence", "evidence", "Quoted spans: article, start, end, quote, rule."),
    Property("confidence", "float", "0..1; the highest confidence among the evidence."),
    Property("extractor", "string", "curated, or the name of the rule that found it."),
    Property("first_seen", "string", "When the fact first entered the graph (ISO timestamp)."),
)


def _lang_labels(g: Graph, subject: URIRef) -> dict[str, str]:
    labels: dict[str, str] = {}
    for obj in g.objects(subject, RDFS.label):
        if isinstance(obj, Literal):
            labels[obj.language or "en"] = str(obj)
    return labels


def _one(g: Graph, subject: URIRef, pred: URIRef, what: str) -> str:
    values = [str(v) for v in g.objects(subject, pred)]
    if len(values) != 1:
        raise OntologyError(f"{subject}: expected exactly one {what}, found {values or 'none'}")
    return values[0]


def _optional(g: Graph, subject: URIRef, pred: URIRef, default: str = "") -> str:
    value = g.value(subject, pred)
    return default if value is None else str(value)


def _mappings(g: Graph, subject: URIRef) -> tuple[Mapping, ...]:
    found: list[Mapping] = []
    for pred, match in ((SKOS.exactMatch, "exact"), (SKOS.closeMatch, "close"), (AMUR.inverseMatch, "inverse")):
        for obj in sorted(g.objects(subject, pred), key=str):
            iri = str(obj)
            vocab = next((v for v, ns in VOCABULARIES.items() if iri.startswith(ns)), None)
            if vocab is None:
                raise OntologyError(f"{subject}: mapping {iri} is in no known vocabulary")
            found.append(Mapping(vocab, iri, match))
    return tuple(found)


def _datatype(g: Graph, subject: URIRef) -> str:
    rng = g.value(subject, RDFS.range)
    if not isinstance(rng, URIRef) or rng not in DATATYPES:
        raise OntologyError(f"{subject}: range {rng} is not a known datatype")
    return DATATYPES[rng]


def _local(iri: URIRef) -> str:
    return str(iri).removeprefix(str(AMUR))


def _check_unique(names: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise OntologyError(f"duplicate {what}: {name!r}")
        seen.add(name)


def _class_name(declared: dict[URIRef, str], node: object, where: str) -> str:
    if not isinstance(node, URIRef) or node not in declared:
        raise OntologyError(f"{where} {node} is not a declared class")
    return declared[node]


def parse(g: Graph) -> Ontology:
    """Builds and validates the ontology from an rdflib graph."""
    class_iris = sorted(
        (s for s in g.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef) and g.value(s, AMUR.idPrefix)),
        key=str,
    )
    declared = {iri: _local(iri) for iri in class_iris}
    _check_unique(declared.values(), "class")
    _check_unique((_one(g, iri, AMUR.idPrefix, "amur:idPrefix") for iri in class_iris), "id prefix")

    node_props: dict[str, list[Property]] = {name: [] for name in declared.values()}
    for prop in sorted(g.subjects(RDF.type, OWL.DatatypeProperty), key=str):
        assert isinstance(prop, URIRef)
        descriptor = Property(
            _local(prop), _datatype(g, prop), _optional(g, prop, RDFS.comment), False, _mappings(g, prop)
        )
        targets = list(g.objects(prop, AMUR.appliesTo))
        if not targets:
            raise OntologyError(f"{prop}: amur:appliesTo names no class")
        for target in targets:
            node_props[_class_name(declared, target, f"{prop}: amur:appliesTo")].append(descriptor)

    kinds: dict[str, list[Kind]] = {name: [] for name in declared.values()}
    for kind in sorted(g.subjects(RDF.type, AMUR.Kind), key=str):
        assert isinstance(kind, URIRef)
        owner = _class_name(declared, g.value(kind, AMUR.kindOf), f"{kind}: amur:kindOf")
        kinds[owner].append(Kind(_one(g, kind, AMUR.code, "amur:code"), owner, _lang_labels(g, kind)))
    for name, ks in kinds.items():
        _check_unique((k.code for k in ks), f"kind of {name}")

    edge_props: dict[URIRef, Property] = {}
    for prop in sorted(g.subjects(RDF.type, AMUR.EdgeProperty), key=str):
        assert isinstance(prop, URIRef)
        edge_props[prop] = Property(
            _one(g, prop, AMUR.code, "amur:code"),
            _datatype(g, prop),
            _optional(g, prop, RDFS.comment),
            bool(g.value(prop, AMUR.qualifies)),
            _mappings(g, prop),
        )
    _check_unique((p.name for p in edge_props.values()), "edge property")
    reserved = {p.name for p in PROVENANCE}
    for p in edge_props.values():
        if p.name in reserved:
            raise OntologyError(f"edge property {p.name!r} clashes with a provenance property")

    relations: dict[str, RelationType] = {}
    for rel in sorted(g.subjects(RDF.type, AMUR.RelationType), key=str):
        assert isinstance(rel, URIRef)
        name = _one(g, rel, AMUR.relationName, "amur:relationName")
        if name in relations:
            raise OntologyError(f"duplicate relation: {name!r}")
        ends: dict[str, tuple[str, ...]] = {}
        for pred, what in ((AMUR.domainClass, "domain"), (AMUR.rangeClass, "range")):
            values = sorted(g.objects(rel, pred), key=str)
            if not values:
                raise OntologyError(f"relation {name}: no {what}")
            ends[what] = tuple(_class_name(declared, v, f"relation {name}: {what}") for v in values)
        props: list[Property] = []
        for ref in sorted(g.objects(rel, AMUR.edgeProperty), key=str):
            if not isinstance(ref, URIRef) or ref not in edge_props:
                raise OntologyError(f"relation {name}: edge property {ref} is not declared")
            props.append(edge_props[ref])
        relations[name] = RelationType(
            name=name,
            labels=_lang_labels(g, rel),
            domain=ends["domain"],
            range=ends["range"],
            properties=tuple(props),
            color=_one(g, rel, AMUR.color, "amur:color"),
            dashes=bool(g.value(rel, AMUR.dashes)),
            mappings=_mappings(g, rel),
            comment=_optional(g, rel, RDFS.comment),
        )

    classes = {
        declared[iri]: OntologyClass(
            name=declared[iri],
            id_prefix=_one(g, iri, AMUR.idPrefix, "amur:idPrefix"),
            labels=_lang_labels(g, iri),
            color=_one(g, iri, AMUR.color, "amur:color"),
            shape=_one(g, iri, AMUR.shape, "amur:shape"),
            properties=tuple(node_props[declared[iri]]),
            kinds=tuple(kinds[declared[iri]]),
            mappings=_mappings(g, iri),
            comment=_optional(g, iri, RDFS.comment),
        )
        for iri in class_iris
    }
    if not classes or not relations:
        raise OntologyError("the ontology declares no classes or no relations")
    return Ontology(classes=classes, relations=relations, provenance=PROVENANCE)


def load(path: Path = ONTOLOGY_FILE) -> Ontology:
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types
        raise OntologyError(f"{path}: cannot parse Turtle: {exc}") from exc
    return parse(g)


@cache
def ontology() -> Ontology:
    """The project's ontology, read once per process."""
    return load()
