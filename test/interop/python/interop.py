"""pyignite peer of the complex-object interop test; see test/interop/SPEC.md.

    python interop.py write|read|write-typed <host:port> <peer>
    python interop.py read-keys <host:port> <key>...

`write` stores the data set under the keys of <peer>; `read` prints the canonical JSON of the keys
of <peer>, one line per key, and exits 1 if a key is missing.
"""

import decimal
import json
import math
import os
import sys
import time
import uuid
from collections import OrderedDict
from datetime import datetime, timedelta, timezone

# pyignite turns Date/Timestamp values into naive local datetimes; in UTC they convert back to
# epoch milliseconds exactly. Set before pyignite is imported.
os.environ['TZ'] = 'UTC'
time.tzset()

from pyignite import Client, GenericObjectMeta  # noqa: E402
from pyignite.datatypes import (  # noqa: E402
    BinaryEnumObject, BinaryObject, BoolArrayObject, BoolObject, ByteArrayObject, ByteObject, CharArrayObject, CharObject,
    CollectionObject, DateArrayObject, DateObject, DecimalArrayObject, DecimalObject, DoubleArrayObject,
    DoubleObject, EnumArrayObject, EnumObject, FloatArrayObject, FloatObject, IntArrayObject, IntObject,
    LongArrayObject, LongObject, MapObject, ObjectArrayObject, ShortArrayObject, ShortObject, String,
    StringArrayObject, TimeObject, TimestampArrayObject, TimestampObject, UUIDArrayObject, UUIDObject,
)
from pyignite.datatypes import Bool, Int  # noqa: E402
from pyignite.datatypes.binary import binary_fields_struct, enum_struct, schema_struct  # noqa: E402
from pyignite.queries import Query, query_perform  # noqa: E402
from pyignite.queries.op_codes import OP_PUT_BINARY_TYPE  # noqa: E402
from pyignite.utils import entity_id  # noqa: E402

CACHE = 'interop_complex'
COLOR = 'org.acme.Color'
COLOR_VALUES = OrderedDict([('RED', 0), ('GREEN', 1), ('BLUE', 2)])

# pyignite's Decimal goes through the context: 28 significant digits would round the data set's
# 29-digit decimal when writing (Decimal.normalize) and when reading (division by 10**scale).
decimal.getcontext().prec = 1000


class Address(
    metaclass=GenericObjectMeta,
    type_name='org.acme.Address',
    schema=OrderedDict([('street', String), ('zip', IntObject)]),
):
    pass


class AllTypes(
    metaclass=GenericObjectMeta,
    type_name='org.acme.AllTypes',
    schema=OrderedDict([
        ('byteF', ByteObject),
        ('shortF', ShortObject),
        ('intF', IntObject),
        ('longF', LongObject),
        ('floatF', FloatObject),
        ('doubleF', DoubleObject),
        ('charF', CharObject),
        ('boolF', BoolObject),
        ('stringF', String),
        ('uuidF', UUIDObject),
        ('dateF', DateObject),
        ('timestampF', TimestampObject),
        ('timeF', TimeObject),
        ('decimalF', DecimalObject),
        # EnumObject writes type code 28, as the Java builder does for an enum field
        # (BinaryEnumObject would write 38; both are field type "Enum" in the metadata).
        ('colorF', EnumObject),
        ('byteArr', ByteArrayObject),
        ('shortArr', ShortArrayObject),
        ('intArr', IntArrayObject),
        ('longArr', LongArrayObject),
        ('floatArr', FloatArrayObject),
        ('doubleArr', DoubleArrayObject),
        ('charArr', CharArrayObject),
        ('boolArr', BoolArrayObject),
        ('stringArr', StringArrayObject),
        ('uuidArr', UUIDArrayObject),
        ('dateArr', DateArrayObject),
        ('timestampArr', TimestampArrayObject),
        ('decimalArr', DecimalArrayObject),
        ('objArr', ObjectArrayObject),
        ('listF', CollectionObject),
        ('setF', CollectionObject),
        ('mapF', MapObject),
        ('linkedMapF', MapObject),
        ('address', BinaryObject),
        ('addresses', CollectionObject),
        ('nullF', String),
    ]),
):
    pass


class Reading(
    metaclass=GenericObjectMeta,
    type_name='org.acme.Reading',
    schema=OrderedDict([
        ('id', IntObject),
        # Both enum encodings: pyignite registers the field as type 28 and 38 respectively.
        ('color', EnumObject),
        ('binaryColor', BinaryEnumObject),
        ('uuid', UUIDObject),
        ('amount', DecimalObject),
        ('at', TimestampObject),
    ]),
):
    pass


FIELD_ORDER = {
    'org.acme.Address': list(Address.schema.keys()),
    'org.acme.AllTypes': list(AllTypes.schema.keys()),
    'org.acme.Reading': list(Reading.schema.keys()),
}

# --- writing -------------------------------------------------------------------------------------


def _seconds_for(ms):
    """A float f with int(f * 1000) == ms: pyignite converts Date/Time/Timestamp that way."""
    f = ms / 1000
    while int(f * 1000) < ms:
        f = math.nextafter(f, math.inf)
    while int(f * 1000) > ms:
        f = math.nextafter(f, -math.inf)
    return f


class _MsDatetime(datetime):
    """A UTC datetime that pyignite writes as exactly `ms` epoch milliseconds."""

    def timestamp(self):
        return self._seconds


class _MsTimedelta(timedelta):
    """A time of day that pyignite writes as exactly `ms` milliseconds."""

    def total_seconds(self):
        return self._seconds


def ms_datetime(ms):
    value = _MsDatetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=ms)
    value._seconds = _seconds_for(ms)
    return value


def ms_time(ms):
    value = _MsTimedelta(milliseconds=ms)
    value._seconds = _seconds_for(ms)
    return value


def all_types():
    the_uuid = uuid.UUID('d57babad-7bc1-4c82-9f9c-e72841b92a85')
    return AllTypes(
        byteF=-7,
        shortF=32000,
        intF=-2000000000,
        longF=9007199254740993,
        floatF=1.5,
        doubleF=-0.25,
        charF='Я',
        boolF=True,
        stringF='héllo 𝄞',
        uuidF=the_uuid,
        dateF=ms_datetime(1700000000123),
        # (datetime, nanoseconds within the millisecond): getNanos() = 123456789
        timestampF=(ms_datetime(1700000000123), 456789),
        timeF=ms_time(45296789),
        decimalF=decimal.Decimal('-12345678901234567890.123456789'),
        colorF=(entity_id(COLOR), COLOR_VALUES['GREEN']),
        byteArr=[1, -2, 127, -128],
        shortArr=[1, -32768, 32767],
        intArr=[1, -1, 2147483647],
        longArr=[1, 9223372036854775807],
        floatArr=[1.5, -0.0],
        doubleArr=[3.141592653589793, -math.inf],
        charArr=['a', 'Я'],
        boolArr=[True, False, True],
        stringArr=['a', None, '𝄞'],
        uuidArr=[the_uuid],
        dateArr=[ms_datetime(1700000000123)],
        timestampArr=[(ms_datetime(0), 1)],
        decimalArr=[decimal.Decimal('1.5'), decimal.Decimal('0')],
        objArr=(ObjectArrayObject.OBJECT, [(1, IntObject), 'two', Address(street='Main St', zip=12345)]),
        listF=(CollectionObject.ARR_LIST, [(1, IntObject), 'x', (2, LongObject)]),
        setF=(CollectionObject.HASH_SET, ['a', 'b']),
        mapF=(MapObject.HASH_MAP, {'k1': (1, IntObject), 'k2': (2, IntObject)}),
        linkedMapF=(MapObject.LINKED_HASH_MAP, OrderedDict([('z', 'last'), ('a', 'first')])),
        address=Address(street='Baker St', zip=221),
        addresses=(CollectionObject.ARR_LIST, [Address(street='A', zip=1), Address(street='B', zip=2)]),
        nullF=None,
    )


def register_enum(client, type_name, values):
    """Client.put_binary_type(is_enum=True) fails in pyignite 0.6.1 (it sends a None schema id for
    a schema made of the literals); send the same request as Java's registerEnum: no schema."""
    query = Query(OP_PUT_BINARY_TYPE, [
        ('type_id', Int),
        ('type_name', String),
        ('affinity_key_field', String),
        ('binary_fields', binary_fields_struct),
        ('is_enum', Bool),
        ('enums', enum_struct),
        ('schema', schema_struct),
    ])
    result = query_perform(query, client.random_node, query_params={
        'type_id': entity_id(type_name),
        'type_name': type_name,
        'affinity_key_field': None,
        'binary_fields': [],
        'is_enum': True,
        'enums': [{'literal': name, 'type_id': ordinal} for name, ordinal in values.items()],
        'schema': [],
    })
    if result.status != 0:
        raise RuntimeError(f'cannot register enum {type_name}: {result.message}')


def write(client, peer):
    register_enum(client, COLOR, COLOR_VALUES)
    cache = client.get_or_create_cache(CACHE)
    cache.put(f'{peer}-all', all_types())
    cache.put(f'{peer}-address', Address(street='Main St', zip=12345))
    cache.put(Address(street='Key St', zip=7), f'{peer}-keyed', value_hint=String)
    return 0


def reading():
    return Reading(
        id=1,
        color=(entity_id(COLOR), COLOR_VALUES['BLUE']),
        binaryColor=(entity_id(COLOR), COLOR_VALUES['GREEN']),
        uuid=uuid.UUID('d57babad-7bc1-4c82-9f9c-e72841b92a85'),
        amount=decimal.Decimal('-1234.5678'),
        at=(ms_datetime(1700000000123), 456789),
    )


def write_typed(client, peer):
    """Key <peer>-reading: an org.acme.Reading, whose fields have the types pyignite registers."""
    register_enum(client, COLOR, COLOR_VALUES)
    client.get_or_create_cache(CACHE).put(f'{peer}-reading', reading())
    return 0


# --- reading -------------------------------------------------------------------------------------
#
# pyignite's values lose some of the Ignite type: collections, maps, Object[], enums and
# timestamps all read as 2-tuples, long[] as a list of int. The reader marks them (subclasses of
# tuple and list, so pyignite itself sees no difference) to print each one as SPEC.md says.


class Marked(tuple):
    def __new__(cls, kind, value):
        self = super().__new__(cls, value)
        self.kind = kind
        return self


class MarkedList(list):
    def __init__(self, kind, value):
        super().__init__(value)
        self.kind = kind


def _mark(cls, kind, marker=Marked):
    original = cls.to_python_not_null.__func__

    def to_python_not_null(klass, ctypes_object, *args, **kwargs):
        return marker(kind, original(klass, ctypes_object, *args, **kwargs))

    cls.to_python_not_null = classmethod(to_python_not_null)


_mark(CollectionObject, 'collection')
_mark(MapObject, 'map')
_mark(ObjectArrayObject, 'objarr')
_mark(EnumObject, 'enum')  # and BinaryEnumObject, its subclass
_mark(EnumArrayObject, 'enumarr')
_mark(TimestampObject, 'timestamp')
_mark(LongArrayObject, 'long', MarkedList)


def _decimal_to_python(klass, ctypes_object, *args, **kwargs):
    """pyignite divides by 10**scale, which drops trailing zeros (1.50 → 1.5): keep the scale."""
    data = bytes(ctypes_object.data)
    magnitude = int.from_bytes(bytes([data[0] & 0x7f]) + data[1:], 'big')
    negative = bool(data[0] & 0x80) and magnitude != 0
    digits = tuple(int(d) for d in str(magnitude))
    return decimal.Decimal((int(negative), digits, -ctypes_object.scale))


DecimalObject.to_python_not_null = classmethod(_decimal_to_python)

_binary_object_to_python = BinaryObject.to_python_not_null.__func__


def _binary_object_with_type_id(klass, ctypes_object, *args, **kwargs):
    """Remember the type id: the generated classes do not know the Ignite type name."""
    result = _binary_object_to_python(klass, ctypes_object, *args, **kwargs)
    result._interop_type_id = ctypes_object.type_id
    return result


BinaryObject.to_python_not_null = classmethod(_binary_object_with_type_id)


class Canonical:
    def __init__(self, client):
        self.client = client
        self.type_names = {}

    def type_name(self, type_id):
        if type_id not in self.type_names:
            info = self.client.get_binary_type(type_id)
            self.type_names[type_id] = info['type_name'] if info.get('type_exists') else str(type_id)
        return self.type_names[type_id]

    @staticmethod
    def text(value):
        return json.dumps(value, ensure_ascii=False, separators=(',', ':'), allow_nan=False)

    @classmethod
    def sort_by_text(cls, items, key=lambda x: x):
        # by UTF-16 code units, as Java's String.compareTo and JavaScript's sort compare
        return sorted(items, key=lambda item: cls.text(key(item)).encode('utf-16-be'))

    @staticmethod
    def float_(x):
        if math.isnan(x):
            return 'NaN'
        if math.isinf(x):
            return 'Infinity' if x > 0 else '-Infinity'
        return repr(float(x))

    @staticmethod
    def ms(value):
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                value = value.astimezone(timezone.utc).replace(tzinfo=None)
            return (value - datetime(1970, 1, 1)) // timedelta(milliseconds=1)
        return value // timedelta(milliseconds=1)  # timedelta

    @staticmethod
    def decimal_(d):
        text = format(d, 'f')
        return '0' if text in ('-0', '0') else text

    def field(self, value, field_type):
        """A field of a complex object: its type is the field type of the metadata."""
        if value is None:
            return None
        if field_type is LongObject:
            return str(value)
        if field_type in (FloatObject, DoubleObject):
            return self.float_(value)
        return self.value(value)

    def value(self, v):
        """Anything else, typed by what pyignite made of it; plain ints inside containers (SPEC)."""
        if v is None:
            return None
        if isinstance(v, Marked):
            if v.kind == 'timestamp':
                dt, nanos_in_ms = v
                ms = self.ms(dt)
                return f'{ms}:{(ms % 1000) * 1000000 + nanos_in_ms}'
            if v.kind == 'enum':
                return {'@enum': self.type_name(v[0]), 'ordinal': v[1]}
            if v.kind in ('enumarr', 'objarr'):
                return [self.value(x) for x in v[1]]
            if v.kind == 'collection':
                items = [self.value(x) for x in v[1]]
                if v[0] in (CollectionObject.HASH_SET, CollectionObject.USER_SET):
                    items = self.sort_by_text(items)
                return items
            if v.kind == 'map':
                pairs = [[self.value(k), self.value(x)] for k, x in v[1].items()]
                if v[0] != MapObject.LINKED_HASH_MAP:
                    pairs = self.sort_by_text(pairs, key=lambda p: p[0])
                return pairs
        if isinstance(v, MarkedList) and v.kind == 'long':
            return [str(x) for x in v]
        if isinstance(v, bool):
            return v
        if isinstance(v, int):
            return v
        if isinstance(v, float):
            return self.float_(v)
        if isinstance(v, str):
            return v
        if isinstance(v, (bytes, bytearray)):
            return [b - 256 if b > 127 else b for b in v]
        if isinstance(v, (list, tuple)):
            return [self.value(x) for x in v]
        if isinstance(v, uuid.UUID):
            return str(v)
        if isinstance(v, (datetime, timedelta)):
            return self.ms(v)
        if isinstance(v, decimal.Decimal):
            return self.decimal_(v)
        if hasattr(type(v), 'schema'):
            return self.complex(v)
        raise TypeError(f'no canonical JSON for {type(v).__name__}: {v!r}')

    def complex(self, obj):
        type_id = getattr(obj, '_interop_type_id', None)
        name = self.type_name(type_id) if type_id is not None else type(obj).type_name
        schema = type(obj).schema
        names = [n for n in FIELD_ORDER.get(name, []) if n in schema]
        names += [n for n in schema if n not in names]
        result = {'@type': name}
        for n in names:
            result[n] = self.field(getattr(obj, n), schema[n])
        return result


def read(client, peer):
    cache = client.get_or_create_cache(CACHE)
    canonical = Canonical(client)
    lines = []
    for label, key in [
        (f'{peer}-all', f'{peer}-all'),
        (f'{peer}-address', f'{peer}-address'),
        ('keyed', Address(street='Key St', zip=7)),
    ]:
        value = cache.get(key)
        if value is None:
            print(f'interop python: key {label} (written by {peer}) is missing from cache {CACHE}', file=sys.stderr)
            return 1
        lines.append(Canonical.text({'key': label, 'value': canonical.value(value)}))
    for line in lines:
        print(line)
    return 0


def read_keys(client, keys):
    """Prints the canonical JSON of the values of these string keys; exits 1 if one is missing."""
    cache = client.get_or_create_cache(CACHE)
    canonical = Canonical(client)
    lines = []
    for key in keys:
        value = cache.get(key)
        if value is None:
            print(f'interop python: key {key} is missing from cache {CACHE}', file=sys.stderr)
            return 1
        lines.append(Canonical.text({'key': key, 'value': canonical.value(value)}))
    for line in lines:
        print(line)
    return 0


COMMANDS = {
    'write': lambda client, args: write(client, args[0]),
    'read': lambda client, args: read(client, args[0]),
    'write-typed': lambda client, args: write_typed(client, args[0]),
    'read-keys': read_keys,
}


def main(argv):
    if len(argv) < 4 or argv[1] not in COMMANDS:
        print('usage: interop.py write|read|write-typed <host:port> <peer> | read-keys <host:port> <key>...', file=sys.stderr)
        return 2
    mode, address = argv[1:3]
    host, _, port = address.rpartition(':')
    client = Client(partition_aware=False)
    try:
        with client.connect(host, int(port)):
            return COMMANDS[mode](client, argv[3:])
    except Exception as e:  # noqa: BLE001 - report any failure as a non-zero exit
        print(f'interop python: {mode} failed: {e!r}', file=sys.stderr)
        import traceback
        traceback.print_exc()
        return 1


if __name__ == '__main__':
    sys.stdout.reconfigure(encoding='utf-8')
    sys.stderr.reconfigure(encoding='utf-8')
    sys.exit(main(sys.argv))
